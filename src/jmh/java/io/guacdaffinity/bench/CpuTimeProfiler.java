package io.guacdaffinity.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JMH profiler reporting the benchmark JVM's CPU time per operation ({@code cpu.time.norm}).
 * JMH's score is wall-clock time, which on a shared, overloaded machine also counts the time the
 * benchmark thread waited for a core; CPU time does not. It covers the whole forked JVM (JIT and
 * GC threads included, which are quiet after warm-up), so it is an upper bound on the benchmark
 * thread's own CPU time. Use with {@code -prof io.guacdaffinity.bench.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long startCpuNanos;

    @Override
    public String getDescription() {
        return "process CPU time per operation (excludes time spent waiting for a CPU)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        startCpuNanos = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
                                                       IterationResult result) {
        long cpuNanos = os.getProcessCpuTime() - startCpuNanos;
        long ops = result.getMetadata().getMeasuredOps();
        TimeUnit unit = benchmark.getTimeUnit();
        double perOp = ops == 0 ? Double.NaN : cpuNanos / (double) ops / unit.toNanos(1);
        return List.of(new ScalarResult("cpu.time.norm", perOp, unitLabel(unit) + "/op", AggregationPolicy.AVG));
    }

    private static String unitLabel(TimeUnit unit) {
        switch (unit) {
            case NANOSECONDS:
                return "ns";
            case MICROSECONDS:
                return "us";
            case MILLISECONDS:
                return "ms";
            default:
                return unit.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
