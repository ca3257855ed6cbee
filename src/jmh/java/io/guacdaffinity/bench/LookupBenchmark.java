package io.guacdaffinity.bench;

import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The benchmarks that time one lookup, in nanoseconds, with short runs on purpose (shared machine; see
 * docs/benchmarks.md). Their keys rotate through 16,384 distinct user names so that lookups land all
 * over the ring rather than on one cached point.
 */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public abstract class LookupBenchmark extends ForkedBenchmark {

    /** Masks a running counter into an index of {@link #userNames()}. */
    static final int KEY_MASK = (1 << 14) - 1;

    static String[] userNames() {
        String[] names = new String[KEY_MASK + 1];
        for (int i = 0; i < names.length; i++)
            names[i] = "student-" + (i * 7919);
        return names;
    }
}
