package io.guacdaffinity.cli;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.ring.Member;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code plan --format tsv}: the plan's numbers, one record per line, for scripts and tests that
 * must not depend on the wording of the table.
 */
final class PlanRecords {

    private PlanRecords() {
    }

    /**
     * The plan's numbers, one record per line for scripts and tests: the plan itself, each member's
     * users now and in each scenario (by the ring, then with each load factor), the bounded-load
     * summaries and the moves.
     */
    static void write(Plan plan, AffinityConfig config, PrintStream out) {
        KeyDistribution now = plan.now();
        List<String> boundedColumns = new ArrayList<>();
        for (Plan.Bounded b : plan.bounded())
            boundedColumns.add("bounded-" + PlanTable.factorText(b.loadFactor()));
        OutputFormat.record(out, "# plan", "users", "members", "key", "virtual-nodes", "load-factor");
        OutputFormat.record(out, "plan", String.valueOf(now.keyCount()), String.valueOf(now.ring().size()),
                config.keyMode().toString(), String.valueOf(now.ring().virtualNodes()),
                config.boundedLoad() ? PlanTable.factorText(config.loadFactor()) : "0");
        List<String> header = new ArrayList<>(List.of("# member", "scenario", "name", "host:port", "weight", "users"));
        header.addAll(boundedColumns);
        OutputFormat.record(out, header.toArray(new String[0]));
        memberRows(out, "now", now, plan.bounded().stream().map(Plan.Bounded::placement)
                .collect(Collectors.toList()));
        for (Plan.MemberListChange s : plan.changes())
            memberRows(out, scenarioName(s), s.placement(), s.bounded());
        OutputFormat.record(out, "# bounded", "load-factor", "in-effect", "peak", "spilled");
        for (Plan.Bounded b : plan.bounded()) {
            boolean inEffect = config.boundedLoad() && config.loadFactor() == b.loadFactor();
            OutputFormat.record(out, "bounded", PlanTable.factorText(b.loadFactor()), String.valueOf(inEffect),
                    String.valueOf(b.placement().peak()), String.valueOf(b.spilled()));
        }
        OutputFormat.record(out, "# moved", "scenario", "members", "moved", "between-staying", "ideal-fraction");
        for (Plan.MemberListChange s : plan.changes()) {
            OutputFormat.record(out, "moved", scenarioName(s), String.valueOf(s.members().size()), String.valueOf(s.moved()),
                    String.valueOf(s.movedBetweenStayingMembers()), String.format(Locale.ROOT, "%.4f", s.idealFraction()));
        }
    }

    private static void memberRows(PrintStream out, String scenario, KeyDistribution ring, List<KeyDistribution> bounded) {
        for (Member m : ring.ring().members()) {
            List<String> row = new ArrayList<>(List.of("member", scenario, m.name(), RouteCommand.address(m),
                    String.valueOf(m.weight()), String.valueOf(ring.count(m))));
            for (KeyDistribution b : bounded)
                row.add(String.valueOf(b.count(m)));
            OutputFormat.record(out, row.toArray(new String[0]));
        }
    }

    /** {@code scale-5}, or {@code lose-NAME} for the scenario that loses one member. */
    private static String scenarioName(Plan.MemberListChange s) {
        return s.lost() != null ? "lose-" + s.lost().name() : "scale-" + s.members().size();
    }
}
