package io.guacdaffinity.bench;

import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lookup cost: {@code route(key)} (hash the key, find its point) and bounded-load routing on an
 * idle ring (the same walk, stopping at the first member). Keys rotate through 16,384 distinct user names so that lookups
 * land all over the ring rather than on one cached point. Short runs on purpose (shared machine);
 * see docs/benchmarks.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class RouteBenchmark {

    private static final int KEY_MASK = (1 << 14) - 1;

    @Param({"3", "10", "100", "1000"})
    public int members;

    private HashRing ring;
    private String[] keys;
    private int next;
    private final HashRing.MemberLoad idle = m -> 0;

    @Setup
    public void build() {
        List<Member> list = new ArrayList<>();
        for (int i = 0; i < members; i++)
            list.add(new Member("guacd-stateful-" + i, "10.0.0.1", 4822, 1));
        ring = HashRing.of(list);
        keys = new String[KEY_MASK + 1];
        for (int i = 0; i < keys.length; i++)
            keys[i] = "student-" + (i * 7919);
    }

    @Benchmark
    public Member route() {
        return ring.route(keys[next++ & KEY_MASK]);
    }

    @Benchmark
    public Member routeBoundedIdle() {
        return ring.routeBounded(keys[next++ & KEY_MASK], 1.25, idle, 0);
    }
}
