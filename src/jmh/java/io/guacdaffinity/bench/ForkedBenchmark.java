package io.guacdaffinity.bench;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;

/**
 * How every benchmark here is measured: the average time of a call, in one forked JVM with a fixed
 * heap. Subclasses inherit these annotations and add their own time unit, iterations and state scope.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public abstract class ForkedBenchmark {
}
