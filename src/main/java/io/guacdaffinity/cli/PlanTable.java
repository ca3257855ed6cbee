package io.guacdaffinity.cli;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code plan}'s text for an administrator: the members, the users on each, bounded load, and the moves. */
final class PlanTable {

    private PlanTable() {
    }

    static void write(Plan plan, List<String> values, CommandConfiguration conf, PrintStream out) {
        KeyDistribution now = plan.now();
        int n = now.ring().size();
        int users = now.keyCount();
        String noun = "members";
        List<String> keys = plan.keys();
        KeyMode mode = conf.config().keyMode();

        out.println("guacd-affinity plan: " + users + " users on " + count(n, noun) + ", and who moves when the "
                + noun + " change");
        out.println();
        out.println("Members  " + conf.membersOrigin());
        if (conf.classroom())
            out.println("         (built in; give --members or --properties for your own)");
        out.println("Users    " + range(values) + ", hashed as " + range(keys) + " (" + AffinityConfig.KEY.name()
                + ": " + mode + ")");
        if (mode != KeyMode.USER)
            out.println("         " + meaning(mode));
        out.println("Ring     " + now.ring().virtualNodes() + " virtual nodes per unit of weight");
        out.println();

        List<String> columns = new ArrayList<>(List.of("member", "host:port", "weight", "users", "share"));
        for (Plan.Bounded b : plan.bounded())
            columns.add("bounded " + factor(b, conf));
        TextTable members = new TextTable(2, columns.toArray(new String[0]));
        for (Member m : now.ring().members()) {
            List<String> row = new ArrayList<>(List.of(m.name(), RouteCommand.address(m),
                    String.valueOf(m.weight()), String.valueOf(now.count(m)),
                    String.format(Locale.ROOT, "%.1f%%", 100.0 * now.count(m) / users)));
            for (Plan.Bounded b : plan.bounded())
                row.add(String.valueOf(b.placement().count(m)));
            members.row(row.toArray(new String[0]));
        }
        out.print(members.render());
        out.println(String.format(Locale.ROOT, "peak/mean %.2f: the busiest member has %d users, the mean is %.1f%s",
                now.peakToMean(), now.peak(), now.mean(), weighted(now) ? " (peak/mean is per unit of weight)" : ""));
        if (n > 1 && !weighted(now)) {
            // Even a perfect ring places a few keys by chance: a binomial spread around the mean.
            double p = 1.0 / n;
            out.println(String.format(Locale.ROOT, "(with %d users, chance alone puts about \u00b1%.1f users more or"
                    + " fewer on a member)", users, Math.sqrt(users * p * (1 - p))));
        }
        printBounded(plan, conf, out);
        out.println();

        List<Plan.MemberListChange> scenarios = plan.changes();
        if (scenarios.isEmpty())
            return;

        out.println("Users per member when the " + noun + " change");
        List<String> headers = new ArrayList<>(List.of("member", "now"));
        for (Plan.MemberListChange s : scenarios)
            headers.add(s.lost() != null ? "lose 1" : count(s.members().size(), noun));
        TextTable change = new TextTable(1, headers.toArray(new String[0]));
        for (Member m : plan.allMembers()) {
            List<String> row = new ArrayList<>();
            row.add(m.name());
            row.add(cell(now.count(m.name())));
            for (Plan.MemberListChange s : scenarios)
                row.add(cell(s.placement().count(m.name())));
            change.row(row.toArray(new String[0]));
        }
        List<String> peak = new ArrayList<>(List.of("peak/mean", ratio(now.peakToMean())));
        List<String> moved = new ArrayList<>(List.of("users moved", "-"));
        for (Plan.MemberListChange s : scenarios) {
            peak.add(ratio(s.placement().peakToMean()));
            moved.add(String.valueOf(s.moved()));
        }
        change.row(peak.toArray(new String[0]));
        for (int b = 0; b < plan.bounded().size(); b++) {
            List<String> boundedPeak = new ArrayList<>(List.of("  bounded " + factor(plan.bounded().get(b), conf),
                    ratio(plan.bounded().get(b).placement().peakToMean())));
            for (Plan.MemberListChange s : scenarios)
                boundedPeak.add(ratio(s.bounded().get(b).peakToMean()));
            change.row(boundedPeak.toArray(new String[0]));
        }
        change.row(moved.toArray(new String[0]));
        out.print(change.render());
        out.println();

        boolean consistent = true;
        for (Plan.MemberListChange s : scenarios) {
            String change1 = s.lost() != null
                    ? n + " \u2192 " + count(n - 1, noun) + " (" + s.lost().name() + " lost)"
                    : n + " \u2192 " + count(s.members().size(), noun);
            out.println(change1 + ": " + s.moved() + " of " + users + " users (" + percent(s.moved(), users)
                    + ") move; ideal " + percent(s.idealFraction()));
            if (s.movedBetweenStayingMembers() > 0) {
                consistent = false;
                out.println("  of which " + s.movedBetweenStayingMembers() + " moved between two " + noun
                        + " that stay");
            }
        }
        if (consistent)
            out.println("Users move only onto new " + noun + " or off the ones that leave; none moves between two "
                    + noun + " that stay.");
    }

    /**
     * What bounded load would do with the same users, and whether it is on. Each Guacamole replica
     * bounds only the sessions it counts itself, which the note says because it is easy to miss.
     */
    private static void printBounded(Plan plan, CommandConfiguration conf, PrintStream out) {
        int users = plan.now().keyCount();
        for (Plan.Bounded b : plan.bounded()) {
            KeyDistribution p = b.placement();
            HashRing ring = p.ring();
            String cap = ring.totalWeight() == ring.size()
                    ? "no member above " + (long) Math.ceil(b.loadFactor() * users / ring.size()) + " users"
                    : "no member above c times its share by weight";
            out.println("bounded " + factor(b, conf) + ": " + cap + " when the " + users + " users connect one by"
                    + " one and stay;");
            out.println(String.format(Locale.ROOT, "  peak/mean %.2f, busiest %s; %s (%s) sent past a full member to"
                    + " the next in failover order", p.peakToMean(), count(p.peak(), "users"),
                    count(b.spilled(), "users"), percent(b.spilled(), users)));
        }
        AffinityConfig config = conf.config();
        out.println("  (" + AffinityConfig.LOAD_FACTOR.name() + ": " + (config.boundedLoad()
                ? factorText(config.loadFactor()) + ", on" : "0, off") + "; each Guacamole replica bounds only"
                + " the sessions it opened)");
    }

    private static String factor(Plan.Bounded b, CommandConfiguration conf) {
        AffinityConfig config = conf.config();
        boolean configured = config.boundedLoad() && config.loadFactor() == b.loadFactor();
        return "c=" + factorText(b.loadFactor()) + (configured ? " (in effect)" : "");
    }

    /** 1.25, 1.5, 2: as an admin writes it. */
    static String factorText(double c) {
        return BigDecimal.valueOf(c).stripTrailingZeros().toPlainString();
    }

    /** "student-01 … student-60", or the one value. */
    private static String range(List<String> items) {
        return items.size() == 1 ? items.get(0) : items.get(0) + " \u2026 " + items.get(items.size() - 1);
    }

    /** What one generated value stands for when the key is not the user name. */
    private static String meaning(KeyMode mode) {
        switch (mode) {
            case CLIENT_IP:
                return "(each as if from a client address of its own; users behind one address share one key"
                        + " and one member)";
            case CONNECTION:
                return "(each as if on a connection of its own; users of one connection share one key and one"
                        + " member)";
            case SESSION:
                return "(each as one login; the extension keys every login by an id of its own)";
            case USER:
            default:
                return "";
        }
    }

    /** "1 pod", "5 pods". */
    static String count(int n, String pluralNoun) {
        return n + " " + (n == 1 ? pluralNoun.substring(0, pluralNoun.length() - 1) : pluralNoun);
    }

    private static boolean weighted(KeyDistribution p) {
        return p.ring().totalWeight() != p.ring().size();
    }

    private static String cell(int count) {
        return count < 0 ? "-" : String.valueOf(count);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String percent(int part, int whole) {
        return percent(whole == 0 ? 0 : part / (double) whole);
    }

    /** Whole percent, with one decimal below 10% so that small moves do not read as 0%. */
    static String percent(double fraction) {
        double p = 100 * fraction;
        String text = p < 10 && Math.abs(p - Math.rint(p)) > 1e-9
                ? String.format(Locale.ROOT, "%.1f", p)
                : String.format(Locale.ROOT, "%.0f", p);
        return text + "%";
    }
}
