package io.guacdaffinity.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Balance and movement of the ring against the usual alternatives, on the same keys in one run,
 * followed by the classroom-behind-NAT comparison ({@link ClassroomReport}). Prints Markdown.
 *
 * <p>Run: {@code mvn -B -q test-compile exec:exec@bench-report} (see docs/benchmarks.md).
 * Optional arguments: the number of keys (default 1,000,000) and the ring sizes (default 3 10 100).
 */
public final class DistributionReport {

    private DistributionReport() {
    }

    public static void main(String[] args) {
        int keyCount = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++)
            sizes.add(Integer.parseInt(args[i]));
        if (sizes.isEmpty())
            sizes = List.of(3, 10, 100);

        PrintStream out = System.out;
        out.printf("Java %s (%s), %d processors%n%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors());
        ReportKeys keys = ReportKeys.students(keyCount);
        List<PlacementMethod> placements = List.of(RingPlacement.METHOD, ModuloPlacement.METHOD, JumpPlacement.METHOD,
                RendezvousPlacement.METHOD, MaglevPlacement.METHOD, KetamaPlacement.METHOD);
        for (int n : sizes)
            table(out, keys, placements, n);
        ClassroomReport.print(out);
    }

    private static void table(PrintStream out, ReportKeys keys, List<PlacementMethod> placements, int n) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i <= n; i++)
            members.add("guacd-stateful-" + i);
        List<String> current = members.subList(0, n);
        List<String> withoutLast = members.subList(0, n - 1);
        List<String> withoutMiddle = new ArrayList<>(current);
        withoutMiddle.remove(n / 2);

        out.printf("### N = %d members, %,d keys%n%n", n, keys.size());
        out.printf("Members guacd-stateful-0..%d. Moved: share of all keys whose member changed; in brackets the"
                + " share that moved needlessly (a key whose member stayed, or that went elsewhere than to the"
                + " new member). Ideal: remove one %.2f%% (its own keys), add one %.2f%% (1/(N+1)).%n%n",
                n - 1, 100.0 / n, 100.0 / (n + 1));
        out.println("| method | peak/mean | rel. stddev | remove last (scale-down) | remove guacd-stateful-"
                + (n / 2) + " (failure) | add guacd-stateful-" + n + " |");
        out.println("|---|---:|---:|---:|---:|---:|");
        for (PlacementMethod placement : placements) {
            int[] base = owners(placement, current, members, keys);
            Balance balance = Balance.of(base, n);
            out.printf("| %s | %.3f | %.2f%% | %s | %s | %s |%n", placement.label(), balance.peakOverMean,
                    100 * balance.relativeStddev,
                    movement(base, owners(placement, withoutLast, members, keys), n - 1, -1),
                    movement(base, owners(placement, withoutMiddle, members, keys), n / 2, -1),
                    movement(base, owners(placement, members, members, keys), -1, n));
        }
        out.println();
    }

    /** Owner of every key as an index into {@code universe}. */
    private static int[] owners(PlacementMethod placement, List<String> members, List<String> universe, ReportKeys keys) {
        PlacementMethod.Assignment assignment = placement.build(members);
        int[] id = new int[members.size()];
        for (int i = 0; i < id.length; i++)
            id[i] = universe.indexOf(members.get(i));
        int[] owners = new int[keys.size()];
        for (int k = 0; k < owners.length; k++)
            owners[k] = id[assignment.owner(keys, k)];
        return owners;
    }

    /**
     * "moved% (needless%)". A move is needed when its old member was {@code removed}, or when it
     * goes to {@code added}; every other change is needless.
     */
    private static String movement(int[] before, int[] after, int removed, int added) {
        long moved = 0;
        long needless = 0;
        for (int k = 0; k < before.length; k++) {
            if (before[k] == after[k])
                continue;
            moved++;
            if (before[k] != removed && after[k] != added)
                needless++;
        }
        return String.format("%.2f%% (%.2f%%)", 100.0 * moved / before.length, 100.0 * needless / before.length);
    }

    /** Peak/mean and relative standard deviation of keys per member. */
    static final class Balance {
        final double peakOverMean;
        final double relativeStddev;

        private Balance(double peakOverMean, double relativeStddev) {
            this.peakOverMean = peakOverMean;
            this.relativeStddev = relativeStddev;
        }

        static Balance of(int[] owners, int members) {
            long[] counts = new long[members];
            for (int owner : owners)
                counts[owner]++;
            return ofCounts(counts, owners.length);
        }

        static Balance ofCounts(long[] counts, long total) {
            double mean = total / (double) counts.length;
            long peak = 0;
            double squares = 0;
            for (long c : counts) {
                peak = Math.max(peak, c);
                squares += (c - mean) * (c - mean);
            }
            return new Balance(peak / mean, Math.sqrt(squares / counts.length) / mean);
        }
    }
}
