package io.guacdaffinity.load;

import io.guacdaffinity.dnstest.GuacdPods;

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
import java.util.function.Function;

/**
 * The load-and-fault report: every scenario run once against the real provider, printed as
 * Markdown and written to {@code target/load-report.md} (per-run logs and live-session series go to
 * {@code target/load/}). {@code mvn -B -q test-compile exec:exec@load-report} runs the full report;
 * {@link LoadUnderFaultsIT} runs the short form in {@code mvn -B verify}.
 */
public final class LoadReport {

    /**
     * The classes (60 / 3, 100 / 5, 200 / 10) by user and behind one NAT address, and a whole school
     * (2,000 / 10), all with bounded load at c = 1.25 (the default); then, for comparison, the
     * smallest class on the pure ring (bounded load off), by user and behind NAT.
     */
    static List<Scenario> full() {
        List<Scenario> out = new ArrayList<>();
        int[][] classes = {{60, 3}, {100, 5}, {200, 10}};
        for (boolean nat : new boolean[] {false, true}) {
            for (int[] c : classes)
                out.add(Scenario.classroom(c[0], c[1], nat, 1.25));
        }
        out.add(Scenario.school(2000, 10, false, 1.25));
        out.add(Scenario.classroom(60, 3, false, 0));
        out.add(Scenario.classroom(60, 3, true, 0));
        return out;
    }

    /** What {@code mvn -B verify} runs: a small and a large class, bounded, with every fault, on the short timeline. */
    static List<Scenario> shortForm() {
        return Arrays.asList(Scenario.quick(60, 3, false, 1.25), Scenario.quick(200, 10, false, 1.25));
    }

    /** Routing CPU overhead p99 the report holds the runs to, in ms (a timing: reported, not asserted). */
    static final double CPU_OVERHEAD_P99_BOUND = 0.2;

    /** Pairs measured one at a time (after a warm-up), for the quiet overhead. */
    static final int QUIET_PAIRS = 3000;

    private LoadReport() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Paths.get(System.getProperty("load.out", "target"));
        // -Dload.scenarios=short runs the short form (what the IT runs) with the report's output.
        List<Scenario> scenarios = "short".equals(System.getProperty("load.scenarios")) ? shortForm() : full();
        // -Dload.only=nat keeps the runs whose id contains "nat" (ids such as 60u-3p-nat-c1.25-class)
        String only = System.getProperty("load.only", "");
        if (!only.isEmpty()) {
            scenarios = new ArrayList<>(scenarios);
            scenarios.removeIf(s -> !s.id().contains(only));
        }
        requireDescriptors(scenarios);
        String machine = machine();
        System.out.println("guacd-affinity load-and-fault report: " + scenarios.size() + " runs after a warm-up run"
                + (MetricsScraper.ON ? ", metrics endpoint on and scraped every second" : ""));
        new LoadRun(Scenario.quick(60, 3, false, 1.25), out).run();
        System.out.println("measuring the routing overhead with one user at a time ...");
        Overhead quiet = QuietOverhead.measure(1000, QUIET_PAIRS, out);
        List<RunResult> results = new ArrayList<>();
        for (Scenario s : scenarios) {
            System.out.println("running " + s.title() + " ...");
            RunResult r = new LoadRun(s, out).run();
            results.add(r);
            System.out.println("  done in " + r.durationMillis / 1000 + " s; " + r.findings.connects.get()
                    + " connects" + (r.violations().isEmpty() ? "" : "; BROKEN: " + r.violations()));
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
                .append(LoadRun.DOWN_COOLDOWN_SECONDS).append(" s), health-interval ")
                .append(LoadRun.HEALTH_INTERVAL_SECONDS).append(" s, connect-timeout (also the health check's timeout) ")
                .append(LoadRun.CONNECT_TIMEOUT_MILLIS).append(" ms, the key and load factor of the run and every other"
                        + " property at its default. Six stretches: users arrive; steady, with the busiest guacd hung"
                        + " (frozen as by kill -STOP: connects accepted, nothing answered) for ")
                .append(LoadRun.HUNG_MILLIS / 1000.0).append(" s and then thawed; the busiest other guacd killed;"
                        + " after its restart; two pods added; after their removal (they drain). Timing by kind of"
                        + " run:\n\n");
        Map<String, String> kinds = new LinkedHashMap<>();
        for (RunResult r : results)
            kinds.putIfAbsent(r.scenario.kind, r.scenario.timing());
        for (Map.Entry<String, String> e : kinds.entrySet())
            md.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        md.append('\n');

        md.append("### Faults and correctness\n\n");
        runTable(md, results, "| run | connects | lost | met the dead guacd first, retried in the same connect (failed attempts) |"
                + " killed guacd: sessions it ended / users who reconnected / sessions on it after its restart |"
                + " scale-up: live sessions / moved / sessions on the new pods | second connects to the key's live"
                + " guacd: joined / spilled (full) / elsewhere | scale-down: live on the removed pods / cut |"
                + " DNS change to ring, up / down (bound) |\n",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
                r -> String.format(Locale.ROOT, "| %s | %d | %d | %d (%d) | %s: %d / %d / %d | %d / %d / %d |"
                        + " %d / %d / %d | %d / %d | %d / %d ms (%d ms) |\n",
                        r.scenario.title(), r.findings.connects.get(), r.findings.lost.get(),
                        r.findings.retriedPastDead.get(), r.findings.deadAttempts.get(), r.killed, r.killedSessions,
                        r.findings.reconnectsAfterKill.get(), r.onRestartedPod, r.liveAtScaleUp, r.movedByScaleUp,
                        r.onAddedPods, r.findings.secondsChecked.get() - r.findings.secondsSpilled.get()
                                - r.findings.secondsMoved.get(), r.findings.secondsSpilled.get(),
                        r.findings.secondsMoved.get(), r.liveOnRemovedPods, r.cutByScaleDown, r.dnsUpMillis,
                        r.dnsDownMillis, r.dnsBoundMillis));

        md.append("\n### A hung guacd\n\n");
        md.append("Wait: wall time of a user's connect, from the call to the open tunnel (Guacamole's tunnel request)."
                + " Before detection: every connect under way at any time from the freeze to the router marking the"
                + " guacd down (the first poll, every 5 ms, that finds it down); after: connects started from then to"
                + " the thaw. Detection bound: 2 health intervals + the check timeout = ")
                .append(LoadRun.DETECTION_BOUND_MILLIS).append(" ms (asserted with ").append(LoadRun.HEALTH_SLACK_MILLIS)
                .append(" ms slack); after detection no connect may wait the connect timeout (")
                .append(LoadRun.CONNECT_TIMEOUT_MILLIS).append(" ms). Met it: connects whose decision tried the hung"
                        + " guacd and found it unreachable or silent, and of those the ones that opened on another guacd. Back: from the thaw"
                        + " to the router using it again (bound 1 interval + slack), and sessions it got after the thaw"
                        + " until the kill.\n\n");
        runTable(md, results, "| run | hung guacd | marked down after | before detection: connects / longest wait |"
                + " after detection, until the thaw: connects / longest wait | met it / opened elsewhere |"
                + " sessions on other guacds cut | back after the thaw / sessions after |\n",
                "|---|---|---:|---:|---:|---:|---:|---:|\n",
                r -> String.format(Locale.ROOT, "| %s | %s | %s | %d / %s | %d / %s | %d / %d | %d | %s / %d |\n",
                        r.scenario.title(), r.hung, r.hungDetectedMillis < 0 ? "**never**" : r.hungDetectedMillis + " ms",
                        r.connectsBeforeDetection, ms(r.longestWaitBeforeDetection), r.connectsAfterDetection,
                        ms(r.longestWaitAfterDetection), r.metHung, r.metHungServedElsewhere, r.othersCutWhileHung,
                        r.hungUsableMillis < 0 ? "**never**" : r.hungUsableMillis + " ms", r.onHungAfterThaw));

        md.append("\n### Connects onto a guacd at capacity\n\n");
        md.append("Every connect, checked against its capacity ceil(c × (live + 1) / N) with what the router must have"
                + " counted (`BoundedLoadCheck`): placed through the ring (home, spill, failover), and joining the"
                + " key's live tunnels on their guacd (a second tab; under the old rule, every connect to the key's"
                + " pin). \"All full\": placed on the router's fallback with every usable member at capacity.\n\n");
        md.append("| run | placed through the ring: checked / onto a full guacd (tightest margin) |"
                + " joined the key's live tunnels: checked / onto a full guacd (tightest margin) | all full |\n");
        md.append("|---|---:|---:|---:|\n");
        for (RunResult r : results) {
            BoundedLoadCheck.Result b = r.bounded;
            md.append("| ").append(r.scenario.title()).append(" | ")
                    .append(b == null ? "–" : b.checked + " / " + b.violations + " (" + margin(b.checked, b.tightestMargin)
                            + ")")
                    .append(" | ")
                    .append(b == null ? "–" : b.liveChecked + " / " + b.liveViolations + " ("
                            + margin(b.liveChecked, b.liveTightestMargin) + ")")
                    .append(" | ").append(r.findings.allFullFallbacks.get()).append(" |\n");
        }

        md.append("\n### Added pods and the restarted guacd\n\n");
        md.append("Ring share: the fraction of the users' keys (`user:<name>`) that the ring of that size routes to"
                + " the members, as `plan` prints it; behind one NAT address (one key) their share of the ring's"
                + " weight, what bounded load spreads the key over. Held: their live sessions over all live"
                + " sessions, averaged over the samples from the stretch's turnover to its end (bound: at least 2/3"
                + " of the ring share). First 10 %: sessions placed on the added pods within the first 10 % of the"
                + " scaled-up stretch (from the ring that has them to the scale-down), and when the first came.\n\n");
        runTable(md, results, "| run | added pods: ring share | first 10 %: sessions (first after) | held after the turnover"
                + " (of ring share) | restarted guacd: ring share | usable again after the restart |"
                + " held after the turnover (of ring share) |\n",
                "|---|---:|---:|---:|---:|---:|---:|\n",
                r -> String.format(Locale.ROOT, "| %s | %.1f %% | %d (%s) | %s | %.1f %% | %s | %s |\n",
                        r.scenario.title(), 100 * r.added.ring, r.addedInFirstTenth,
                        r.firstOnAddedMillis < 0 ? "none" : r.firstOnAddedMillis + " ms", held(r.added),
                        100 * r.restarted.ring, r.restartUsableMillis < 0 ? "–" : r.restartUsableMillis + " ms",
                        held(r.restarted)));

        md.append("\n### Turnover and balance by stretch\n\n");
        md.append("Live sessions per guacd sampled every ").append(LiveSampler.INTERVAL_MILLIS).append(" ms over the"
                + " ring's members; N = members that can take a session (in the ring, not held down by the router,"
                + " guacd running); samples with fewer sessions than members left out. A stretch's change is the"
                + " instant it took effect where the router sees it (the first ring with the new members; for the"
                + " restart, the end of the guacd's cool-down; for the steady stretch, the router using the hung"
                + " guacd again after its thaw). Turnover: when the last session open at the change"
                + " ended, from the sessions' records.\n\n");
        md.append("Turnover: seconds from the change to the turnover, of the stretch's length (sessions open at the"
                + " change).\n\n");
        header(md);
        for (RunResult r : results) {
            md.append("| ").append(r.scenario.title());
            for (RunResult.Stretch s : r.stretches) {
                md.append(String.format(Locale.ROOT, " | %s of %.1f s (%d)",
                        s.turnedOver() ? String.format(Locale.ROOT, "%.1f", s.turnoverSeconds()) : "**none**",
                        (s.toNanos - s.changeNanos) / 1e9, s.openAtChange));
            }
            md.append(" |\n");
        }
        md.append("\nBalance after the turnover: busiest guacd / ceil(c × live / N) averaged over the samples (bound"
                + " ").append(RunResult.BALANCE_BOUND).append(" with bounded load; not asserted for the arrivals"
                + " behind one NAT address); the share of samples above the ceiling (in brackets the share of all"
                + " samples above it from departures: the busiest guacd was within the ceiling when it got its"
                + " latest session); and the worst excess in sessions (bound ").append(RunResult.EXCESS_BOUND)
                .append(" up to ").append(RunResult.CLASS_SIZE).append(" users). c = 1.25 for the pure-ring"
                        + " runs too, for comparison.\n\n");
        header(md);
        for (RunResult r : results) {
            md.append("| ").append(r.scenario.title());
            for (RunResult.Stretch s : r.stretches) {
                if (s.samplesAfter == 0)
                    md.append(" | –");
                else
                    md.append(String.format(Locale.ROOT, " | %.3f, %.0f %% (%.0f %%), +%d",
                            s.averageRatio(), 100.0 * s.above / s.samplesAfter,
                            100.0 * s.aboveFromDepartures / s.samplesAfter, s.worstExcess));
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
        double worstCpuP99 = quiet.summary().cpuOverheadP99();
        for (Map.Entry<String, List<Overhead>> e : bySize.entrySet()) {
            Overhead.Summary summary = Overhead.Summary.pooled(e.getValue());
            overheadRow(md, "under load, " + e.getKey() + " (" + e.getValue().size() + " run"
                    + (e.getValue().size() == 1 ? "" : "s") + ")", summary);
            worstCpuP99 = Math.max(worstCpuP99, summary.cpuOverheadP99());
            every.addAll(e.getValue());
        }
        if (bySize.size() > 1)
            overheadRow(md, "under load, all runs", Overhead.Summary.pooled(every));
        md.append("\nAll times in ms. Routing CPU overhead p99, worst row: ")
                .append(String.format(Locale.ROOT, "%.3f ms (bound %.1f ms: %s; a timing, not asserted).\n",
                        worstCpuP99, CPU_OVERHEAD_P99_BOUND, worstCpuP99 <= CPU_OVERHEAD_P99_BOUND ? "met" : "NOT met"));

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

    /** A Markdown table of one row per run: {@code header} and {@code alignment} are whole lines, as is each row. */
    private static void runTable(StringBuilder md, List<RunResult> results, String header, String alignment,
            Function<RunResult, String> row) {
        md.append(header).append(alignment);
        for (RunResult r : results)
            md.append(row.apply(r));
    }

    private static String ms(long millis) {
        return millis < 0 ? "–" : millis + " ms";
    }

    private static String margin(int checked, long margin) {
        return checked == 0 ? "–" : String.valueOf(margin);
    }

    private static String held(RunResult.Share share) {
        return share.samples == 0 ? "–"
                : String.format(Locale.ROOT, "%.1f %% (%.0f %%)", 100 * share.held, 100 * share.ofRing());
    }

    private static void header(StringBuilder md) {
        md.append("| run");
        for (String name : Scenario.STRETCHES)
            md.append(" | ").append(name);
        md.append(" |\n|---");
        for (int i = 0; i < Scenario.STRETCHES.length; i++)
            md.append("|---:");
        md.append("|\n");
    }

    private static void overheadRow(StringBuilder md, String label, Overhead.Summary s) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %.3f / %.3f | %.3f / %.3f | %.3f / %.3f | %.3f / %.3f |"
                + " %.3f / %.3f | %.3f / %.3f | %+.3f |\n",
                label, s.pairs, s.routedP50, s.routedP99, s.directP50, s.directP99, s.overheadP50(), s.overheadP99(),
                s.routedCpuP50, s.routedCpuP99, s.directCpuP50, s.directCpuP99, s.cpuOverheadP50(), s.cpuOverheadP99(),
                s.directP99Noise));
    }
}
