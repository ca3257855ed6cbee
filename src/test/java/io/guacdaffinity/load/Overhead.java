package io.guacdaffinity.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routed connects paired with direct ones to the same guacd, taken in alternating order (routed
 * first, then direct first) so that whatever slows the machine down hits both alike. The routing
 * overhead at a quantile is the routed connects' quantile minus the direct ones'.
 */
final class Overhead {

    private final AtomicLong pairs = new AtomicLong();
    private final List<long[]> samples = new ArrayList<>();

    /** Whether the next pair takes its direct connect first. */
    boolean nextDirectFirst() {
        return (pairs.getAndIncrement() & 1) == 1;
    }

    /** One pair: routed and direct wall and CPU times in nanoseconds. */
    synchronized void add(long routedWall, long routedCpu, DirectTunnel.Timing direct) {
        samples.add(new long[] {routedWall, routedCpu, direct.wallNanos, direct.cpuNanos});
    }

    synchronized Summary summary() {
        return new Summary(new ArrayList<>(samples));
    }

    /** Quantiles of one run's pairs, in milliseconds. */
    static final class Summary {

        final int pairs;
        final double routedP50;
        final double routedP99;
        final double directP50;
        final double directP99;
        final double routedCpuP50;
        final double routedCpuP99;
        final double directCpuP50;
        final double directCpuP99;
        /** p99 of direct connects of even pairs minus that of odd pairs: what noise alone does to a p99. */
        final double directP99Noise;

        Summary(List<long[]> samples) {
            pairs = samples.size();
            Quantiles routed = column(samples, 0, -1);
            Quantiles routedCpu = column(samples, 1, -1);
            Quantiles direct = column(samples, 2, -1);
            Quantiles directCpu = column(samples, 3, -1);
            routedP50 = ms(routed.at(0.50));
            routedP99 = ms(routed.at(0.99));
            directP50 = ms(direct.at(0.50));
            directP99 = ms(direct.at(0.99));
            routedCpuP50 = ms(routedCpu.at(0.50));
            routedCpuP99 = ms(routedCpu.at(0.99));
            directCpuP50 = ms(directCpu.at(0.50));
            directCpuP99 = ms(directCpu.at(0.99));
            directP99Noise = ms(column(samples, 2, 0).at(0.99)) - ms(column(samples, 2, 1).at(0.99));
        }

        double overheadP50() {
            return routedP50 - directP50;
        }

        double overheadP99() {
            return routedP99 - directP99;
        }

        double cpuOverheadP50() {
            return routedCpuP50 - directCpuP50;
        }

        double cpuOverheadP99() {
            return routedCpuP99 - directCpuP99;
        }

        /** Pools several runs' pairs into one summary. */
        static Summary pooled(List<Overhead> runs) {
            List<long[]> all = new ArrayList<>();
            for (Overhead o : runs) {
                synchronized (o) {
                    all.addAll(o.samples);
                }
            }
            return new Summary(all);
        }

        /** Column {@code index} of the pairs whose position has parity {@code parity} (-1: all). */
        private static Quantiles column(List<long[]> samples, int index, int parity) {
            long[] values = new long[samples.size()];
            int n = 0;
            for (int i = 0; i < samples.size(); i++) {
                if (parity < 0 || (i & 1) == parity)
                    values[n++] = samples.get(i)[index];
            }
            return new Quantiles(java.util.Arrays.copyOf(values, n));
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }
}
