package io.guacdaffinity.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load-and-fault report: every scenario run once against the real provider, printed as
 * Markdown and written to {@code target/load-report.md} (per-run logs and live-session series go to
 * {@code target/load/}). {@code mvn -B -q test-compile exec:exec@load-report} runs the full report;
 * {@link LoadUnderFaultsIT} runs the short form in {@code mvn -B verify}.
 */
public final class LoadReport {

    /** The seed's class sizes and a whole school, each with and without bounded load, by user and behind NAT. */
    static List<Scenario> full() {
        List<Scenario> out = new ArrayList<>();
        int[][] classes = {{60, 3}, {100, 5}, {200, 10}};
        for (int[] c : classes) {
            for (boolean nat : new boolean[] {false, true}) {
                out.add(Scenario.classroom(c[0], c[1], nat, 0, 24));
                out.add(Scenario.classroom(c[0], c[1], nat, 1.25, 24));
            }
        }
        out.add(Scenario.school(2000, 10, false, 0, 60));
        out.add(Scenario.school(2000, 10, false, 1.25, 60));
        return out;
    }

    /** What {@code mvn -B verify} runs: a small and a large class, bounded, with every fault. */
    static List<Scenario> shortForm() {
        return Arrays.asList(Scenario.classroom(60, 3, false, 1.25, 20), Scenario.classroom(200, 10, false, 1.25, 20));
    }

    /** Pairs measured one at a time (after a warm-up), for the quiet overhead. */
    static final int QUIET_PAIRS = 3000;

    private LoadReport() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Paths.get(System.getProperty("load.out", "target"));
        // -Dload.scenarios=short runs the short form (what the IT runs) with the report's output.
        List<Scenario> scenarios = "short".equals(System.getProperty("load.scenarios")) ? shortForm() : full();
        requireDescriptors(scenarios);
        String machine = machine();
        System.out.println("guacd-affinity load-and-fault report: " + scenarios.size() + " runs after a warm-up run");
        new LoadRun(Scenario.classroom(60, 3, false, 0, 10), out).run();
        System.out.println("measuring the routing overhead with one user at a time ...");
        Overhead quiet = QuietOverhead.measure(1000, QUIET_PAIRS, out);
        List<RunResult> results = new ArrayList<>();
        for (Scenario s : scenarios) {
            System.out.println("running " + s.title() + " ...");
            RunResult r = new LoadRun(s, out).run();
            results.add(r);
            System.out.println("  done in " + r.durationMillis / 1000 + " s; " + r.connects + " connects"
                    + (r.violations().isEmpty() ? "" : "; BROKEN: " + r.violations()));
        }
        String report = markdown(results, quiet, machine + "; after: " + loadAverage());
        Files.createDirectories(out);
        Files.write(out.resolve("load-report.md"), report.getBytes(StandardCharsets.UTF_8));
        System.out.println();
        System.out.println(report);
        int broken = 0;
        for (RunResult r : results)
            broken += r.violations().isEmpty() ? 0 : 1;
        if (broken > 0) {
            System.out.println(broken + " run(s) broke a correctness bound (see above)");
            System.exit(1);
        }
    }

    /** 2,000 users hold about two descriptors each (tunnel and guacd side), plus the doubles' own. */
    static void requireDescriptors(List<Scenario> scenarios) {
        int users = 0;
        for (Scenario s : scenarios)
            users = Math.max(users, s.users);
        long needed = 3L * users + 1000;
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean) {
            long max = ((com.sun.management.UnixOperatingSystemMXBean) os).getMaxFileDescriptorCount();
            if (max < needed)
                throw new IllegalStateException("the run needs about " + needed + " file descriptors but ulimit -n is "
                        + max + ": raise it (ulimit -n " + needed + ") and run again");
        }
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + "; load average before: " + loadAverage();
    }

    static String loadAverage() {
        try {
            return new String(Files.readAllBytes(Paths.get("/proc/loadavg")), StandardCharsets.US_ASCII).trim()
                    .replaceAll("^(\\S+ \\S+ \\S+).*$", "$1");
        }
        catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String markdown(List<RunResult> results, Overhead quiet, String machine) {
        StringBuilder md = new StringBuilder();
        md.append("Machine: ").append(machine).append(".\n\n");
        md.append("Each run: the provider reads its members from SRV records served by unbound (TTL ")
                .append(GuacdPods.TTL_SECONDS).append(" s, refresh-min ").append(LoadRun.REFRESH_MIN_SECONDS)
                .append(" s, refresh-max ").append(LoadRun.REFRESH_MAX_SECONDS).append(" s, down-cooldown ")
                .append(LoadRun.DOWN_COOLDOWN_SECONDS).append(" s); the busiest guacd is killed at 30 % of the run and"
                        + " restarted at 45 %; two pods are added at 55 % and removed (drained) at 75 %.\n\n");

        md.append("### Faults and correctness\n\n");
        md.append("| run | connects | lost | met the dead guacd first, retried in the same connect (failed attempts) |"
                + " killed guacd: sessions it ended / users who reconnected / sessions on it after its restart |"
                + " scale-up: live sessions / moved / sessions on the new pods | second connects to a live pin /"
                + " elsewhere | scale-down: live on the removed pods / cut | DNS change to ring, up / down (bound) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RunResult r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d (%d) | %s: %d / %d / %d | %d / %d / %d |"
                    + " %d / %d | %d / %d | %d / %d ms (%d ms) |\n",
                    r.scenario.title(), r.connects, r.lost, r.retriedPastDead, r.deadAttempts, r.killed,
                    r.killedSessions, r.reconnectsAfterKill, r.onRestartedPod, r.liveAtScaleUp, r.movedByScaleUp,
                    r.onAddedPods, r.secondsChecked, r.secondsMoved, r.liveOnRemovedPods, r.cutByScaleDown,
                    r.dnsUpMillis, r.dnsDownMillis, r.dnsBoundMillis));
        }

        md.append("\n### Live sessions per guacd\n\n");
        md.append("Sampled every ").append(LiveSampler.INTERVAL_MILLIS).append(" ms; N = the ring's members the"
                + " router does not hold down (samples with at least one session per member). \"Above ceiling\":"
                + " samples whose busiest guacd held more than ceil(1.25 × live / N) at that instant. \"New pins\":"
                + " every connect the router placed through the ring (not a pin it already had), checked against"
                + " its capacity ceil(1.25 × (live + 1) / N). \"Pinned\": connects that went to the key's pin, and"
                + " how many of them found their guacd at that capacity or above (the pin wins, contract 3).\n\n");
        md.append("| run | busiest / mean, worst | busiest / mean, average | above ceiling (worst excess) |"
                + " new pins checked / above capacity (tightest margin) | placed with every member full |"
                + " pinned / onto a guacd at capacity |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (RunResult r : results) {
            String bounded = r.bounded == null ? "–"
                    : r.bounded.checked + " / " + r.bounded.violations + " ("
                            + (r.bounded.checked == 0 ? "–" : String.valueOf(r.bounded.tightestMargin)) + ")";
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.1f %% (%d) | %s | %d | %d / %d |\n",
                    r.scenario.title(), r.peakOverMeanMax, r.peakOverMeanAvg,
                    r.samplesCounted == 0 ? 0 : 100.0 * r.samplesAboveCeiling / r.samplesCounted,
                    r.worstAboveCeiling, bounded, r.allFullFallbacks, r.pinnedConnects, r.pinnedAboveCapacity));
        }

        md.append("\nThe same samples by stretch of the run: busiest / mean on average, and the share of samples"
                + " above ceil(1.25 × live / N) (worst excess in sessions).\n\n");
        md.append("| run");
        for (RunResult.Phase p : results.get(0).phases)
            md.append(String.format(Locale.ROOT, " | %s (%.0f-%.0f %%)", p.name, 100 * p.from, 100 * p.to));
        md.append(" |\n|---");
        for (int i = 0; i < results.get(0).phases.size(); i++)
            md.append("|---:");
        md.append("|\n");
        for (RunResult r : results) {
            md.append("| ").append(r.scenario.title());
            for (RunResult.Phase p : r.phases) {
                md.append(p.samples == 0 ? " | –" : String.format(Locale.ROOT, " | %.2f, %.0f %% (%d)",
                        p.ratioSum / p.samples, 100.0 * p.above / p.samples, p.worstExcess));
            }
            md.append(" |\n");
        }

        md.append("\n### Routing overhead per connect\n\n");
        md.append("Every first connect of a user is paired with a direct connect to the same guacd double"
                + " (SimpleConnection's way: the configuration with its tokens applied, guacamole-common's"
                + " ConfiguredGuacamoleSocket over an InetGuacamoleSocket), in alternating order; overhead ="
                + " routed quantile minus direct quantile. Wall time includes waiting for a core; CPU time is the"
                + " connecting thread's own. Connects that met a dead guacd are left out. \"Noise\": the p99 of"
                + " one half of the direct connects minus the other half's.\n\n");
        md.append("| connects | pairs | routed p50 / p99 | direct p50 / p99 | overhead p50 / p99 | CPU routed p50 / p99 |"
                + " CPU direct p50 / p99 | CPU overhead p50 / p99 | noise (p99) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        overheadRow(md, "one at a time (60 users, 3 pods)", quiet.summary());
        Map<String, List<Overhead>> bySize = new LinkedHashMap<>();
        for (RunResult r : results)
            bySize.computeIfAbsent(r.scenario.users + " users / " + r.scenario.pods + " pods", k -> new ArrayList<>())
                    .add(r.overhead);
        List<Overhead> every = new ArrayList<>();
        for (Map.Entry<String, List<Overhead>> e : bySize.entrySet()) {
            overheadRow(md, "under load, " + e.getKey() + " (" + e.getValue().size() + " run"
                    + (e.getValue().size() == 1 ? "" : "s") + ")", Overhead.Summary.pooled(e.getValue()));
            every.addAll(e.getValue());
        }
        if (bySize.size() > 1)
            overheadRow(md, "under load, all runs", Overhead.Summary.pooled(every));
        md.append("\nAll times in ms.\n");

        List<String> broken = new ArrayList<>();
        for (RunResult r : results) {
            for (String v : r.violations())
                broken.add(r.scenario.title() + ": " + v);
        }
        int dropped = 0;
        for (RunResult r : results)
            dropped += r.droppedOtherwise;
        md.append("\nSessions a guacd other than the killed one ended before their user closed them (checked"
                + " against every double's own record of every session): ").append(dropped).append(".\n");
        md.append("\nCorrectness bounds: ").append(broken.isEmpty() ? "all met in every run." : "BROKEN:\n");
        for (String b : broken)
            md.append("- ").append(b).append('\n');
        md.append('\n');
        return md.toString();
    }

    private static void overheadRow(StringBuilder md, String label, Overhead.Summary s) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %.3f / %.3f | %.3f / %.3f | %.3f / %.3f | %.3f / %.3f |"
                + " %.3f / %.3f | %.3f / %.3f | %+.3f |\n",
                label, s.pairs, s.routedP50, s.routedP99, s.directP50, s.directP99, s.overheadP50(), s.overheadP99(),
                s.routedCpuP50, s.routedCpuP99, s.directCpuP50, s.directCpuP99, s.cpuOverheadP50(), s.cpuOverheadP99(),
                s.directP99Noise));
    }
}
