package io.guacdaffinity.load;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One routed connect as the extension logs it (docs/routing.md, "Log lines"): the member, the
 * reason, and the steps taken on the way, such as
 * {@code ... on guacd guacd-stateful-2 (127.0.1.2:40311) reason FAILOVER key user in 5.0 ms
 * [guacd-stateful-1 unreachable (...), guacd-stateful-2 chosen]}.
 */
final class Decision {

    private static final Pattern LINE = Pattern.compile(
            " on guacd (\\S+) \\(([^)]*)\\) reason (\\S+) key (\\S+) in (\\S+) ms(?: \\[(.*)\\])?$");
    private static final Pattern UNREACHABLE = Pattern.compile("(?:^|, )\\S+ unreachable");
    /**
     * The bounded-load check the chosen member passed: {@code 5 live, capacity 9 = ceil(1.25 x 14 x 1 / 2)},
     * possibly after a note such as {@code the key's live tunnels are there; }.
     */
    private static final Pattern CHOSEN_LOAD = Pattern.compile(
            " chosen \\((?:[^();]*; )?\\d+ live, capacity \\d+ = ceil\\(\\S+ x \\d+ x \\d+ / (\\d+)\\)\\)");
    /** A member the key's placement passed over because it was at capacity: {@code guacd-stateful-1 skipped_full}. */
    private static final Pattern SKIPPED_FULL = Pattern.compile("(?:^|, )(\\S+) skipped_full");

    final String member;
    final String reason;
    /** Members that failed this connect before it succeeded elsewhere. */
    final int unreachable;
    /**
     * The router found every healthy member at its bounded-load capacity and took the key's first
     * healthy member anyway (the chosen member is also listed as skipped full).
     */
    final boolean allFull;
    /**
     * The weight the router divided the load by (the members it did not consider down), from the
     * chosen step; -1 when the line shows no load check (bounded load off, or a pinned connect of
     * the old rule).
     */
    final int usableWeight;
    /** The steps in brackets, as logged ("" when none). */
    final String steps;

    private Decision(String member, String reason, int unreachable, boolean allFull, int usableWeight, String steps) {
        this.member = member;
        this.reason = reason;
        this.unreachable = unreachable;
        this.allFull = allFull;
        this.usableWeight = usableWeight;
        this.steps = steps;
    }

    /** @throws IllegalArgumentException the line is not a decision line */
    static Decision parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.find())
            throw new IllegalArgumentException("not a routing decision line: " + line);
        String member = m.group(1);
        String steps = m.group(6) == null ? "" : m.group(6);
        int unreachable = 0;
        Matcher u = UNREACHABLE.matcher(steps);
        while (u.find())
            unreachable++;
        boolean allFull = steps.startsWith(member + " skipped_full") || steps.contains(", " + member + " skipped_full")
                || steps.contains(member + " chosen (every member at capacity)");
        Matcher load = CHOSEN_LOAD.matcher(steps);
        int usableWeight = load.find() ? Integer.parseInt(load.group(1)) : -1;
        return new Decision(member, m.group(3), unreachable, allFull, usableWeight, steps);
    }

    /**
     * Whether the router placed this connect through the key's preference list (and so through the
     * bounded-load check): home, spill or failover (RING and BOUNDED_LOAD_SPILL in the old rule's words).
     */
    boolean placedByRing() {
        return reason.equals("HOME") || reason.equals("SPILL") || reason.equals("FAILOVER") || reason.equals("RING")
                || reason.equals("BOUNDED_LOAD_SPILL");
    }

    /** Whether the connect joined its key's live tunnels (LIVE; PINNED in the old rule, where pins outlived them). */
    boolean joinedLive() {
        return reason.equals("LIVE") || reason.equals("PINNED");
    }

    /** Whether the router looked at {@code name} and passed it over as full. */
    boolean skippedFull(String name) {
        Matcher m = SKIPPED_FULL.matcher(steps);
        while (m.find()) {
            if (m.group(1).equals(name))
                return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return member + " " + reason + (unreachable > 0 ? " after " + unreachable + " unreachable" : "")
                + (allFull ? " (every member full)" : "");
    }
}
