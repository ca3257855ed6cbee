package io.guacdaffinity.bench;

import io.guacdaffinity.ring.HashRing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/** The key hash alone (XXH3 over the key's chars), to split {@link RouteBenchmark}'s time into hash and search. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class KeyHashBenchmark {

    private static final int KEY_MASK = (1 << 14) - 1;

    private String[] keys;
    private int next;

    @Setup
    public void keys() {
        keys = new String[KEY_MASK + 1];
        for (int i = 0; i < keys.length; i++)
            keys[i] = "student-" + (i * 7919);
    }

    @Benchmark
    public long hashKey() {
        return HashRing.hashKey(keys[next++ & KEY_MASK]);
    }
}
