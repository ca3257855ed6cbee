package io.guacdaffinity.bench;

import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Cost of building a ring at default settings (what a membership change pays, off the connect path). */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class BuildBenchmark extends ForkedBenchmark {

    @Param({"3", "10", "100", "1000"})
    public int members;

    private List<Member> list;

    @Setup
    public void names() {
        list = new ArrayList<>();
        for (int i = 0; i < members; i++)
            list.add(new Member("guacd-stateful-" + i, "10.0.0.1", 4822, 1));
    }

    @Benchmark
    public HashRing build() {
        return HashRing.of(list);
    }
}
