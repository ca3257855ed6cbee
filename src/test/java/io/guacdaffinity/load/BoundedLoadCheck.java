package io.guacdaffinity.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks contract 6 after a run, from the ledger alone: no connect lands on a member already
 * holding {@code ceil(c x (live + 1) x w / W)} live tunnels, W being the weight of the ring's members
 * not marked down (the router's definition, {@code Router.capacity}; here every weight is 1), whether
 * the router placed it through the ring (home, spill, failover) or it joined its key's live tunnels
 * there (a second tab; reason LIVE, PINNED under the old rule). The two are counted apart. The
 * router's W is read from its decision line and must itself be right: the ring's size, or one less
 * for each guacd that may be marked down while the connect is under way (the killed one from its
 * kill until the cool-down after its restart, the hung one from its freeze until the router used
 * it again).
 * A join whose line shows no load check (the old rule checked none) is held to the largest capacity
 * the router could have used, with the smallest W.
 *
 * <p>The router's instants are not visible from outside, so the check only counts what the router
 * must have seen. For a checked connect s on member m, take every checked connect on m in flight
 * when s started (including s), C; the last of them to be placed saw all the others of C that were
 * still open afterwards, plus every session on m that was open before the first of C started and
 * stayed open until the last returned: L of them, itself included. The router's total at that
 * moment was at most the ledger's largest total during those connects, minus the connect itself
 * (the ledger counts a session over a longer span than the router). So L may not exceed the
 * capacity for that total and the W the router used; if it does, the router broke the bound.
 * Sessions the router placed on its documented fallback (every healthy member full) are left out
 * and counted apart.
 */
final class BoundedLoadCheck {

    /** What the check found. */
    static final class Result {

        /** Connects placed through the ring (home, spill, failover). */
        int checked;
        int violations;
        /** Smallest capacity minus sessions counted over all checked placements (0 = at capacity). */
        long tightestMargin = Long.MAX_VALUE;
        final List<String> examples = new ArrayList<>();
        /** Connects that joined their key's live tunnels. */
        int liveChecked;
        int liveViolations;
        long liveTightestMargin = Long.MAX_VALUE;
        final List<String> liveExamples = new ArrayList<>();

        void count(boolean live, long margin) {
            if (live) {
                liveChecked++;
                liveTightestMargin = Math.min(liveTightestMargin, margin);
            }
            else {
                checked++;
                tightestMargin = Math.min(tightestMargin, margin);
            }
        }

        void violation(boolean live, String example) {
            if (live)
                liveViolations++;
            else
                violations++;
            List<String> list = live ? liveExamples : examples;
            if (list.size() < 10)
                list.add(example);
        }
    }

    private BoundedLoadCheck() {
    }

    /**
     * @param downWindows per guacd that may have been marked down, {from, until} ({@link System#nanoTime()}):
     *        the killed one from its kill until its restart plus the cool-down; the hung one from its
     *        freeze until the router used it again
     */
    static Result run(List<Session> all, double loadFactor, long[]... downWindows) {
        Result result = new Result();
        List<Session> sessions = new ArrayList<>();
        long clockEnd = 0;
        for (Session s : all) {
            clockEnd = Math.max(clockEnd, Math.max(s.startSeq, s.endSeq) + 1);
            if (s.closeEndSeq != Long.MAX_VALUE)
                clockEnd = Math.max(clockEnd, s.closeEndSeq + 1);
        }
        RangeMax totals = new RangeMax(ledgerTotals(all, (int) clockEnd));
        Map<String, List<Session>> byMember = new HashMap<>();
        for (Session s : all) {
            if (s.succeeded())
                byMember.computeIfAbsent(s.servedBy, m -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, List<Session>> e : byMember.entrySet()) {
            List<Session> onMember = e.getValue();
            onMember.sort(Comparator.comparingLong(s -> s.startSeq));
            long longest = 0;
            for (Session s : onMember)
                longest = Math.max(longest, s.endSeq - s.startSeq);
            for (int i = 0; i < onMember.size(); i++) {
                Session s = onMember.get(i);
                if (checked(s))
                    check(e.getKey(), onMember, i, longest, totals, loadFactor, downWindows, result);
            }
        }
        return result;
    }

    private static boolean checked(Session s) {
        return s.decision != null && (s.decision.placedByRing() || s.decision.joinedLive()) && !s.decision.allFull;
    }

    private static void check(String member, List<Session> onMember, int index, long longest, RangeMax totals,
            double loadFactor, long[][] downWindows, Result result) {
        Session s = onMember.get(index);
        boolean joined = s.decision.joinedLive();
        int largestRing = Math.max(s.ringSizeBefore, s.ringSizeAfter);
        // a connect under way while a guacd was killed or hung may meet it down and divide by one less
        int smallestUsable = Math.min(s.ringSizeBefore, s.ringSizeAfter);
        for (long[] w : downWindows) {
            if (s.openNanos >= w[0] && s.startNanos <= w[1])
                smallestUsable--;
        }
        int usable = s.decision.usableWeight;
        if (usable < 0 && joined)
            usable = Math.max(1, smallestUsable);
        else if (usable < smallestUsable || usable > largestRing) {
            result.count(joined, 0);
            if (usable < 0)
                result.violation(joined, member + " took " + s.user + " (" + s.decision
                        + ") but the log line shows no bounded-load check");
            else
                result.violation(joined, String.format("%s took %s (%s) with capacities divided by %d,"
                        + " but the ring had %d-%d members and at most %d could be down", member, s.user, s.decision,
                        usable, Math.min(s.ringSizeBefore, s.ringSizeAfter), largestRing,
                        largestRing - smallestUsable));
            return;
        }
        List<Session> inFlight = new ArrayList<>();
        for (int j = index; j >= 0 && onMember.get(j).startSeq >= s.startSeq - longest; j--) {
            Session other = onMember.get(j);
            if (checked(other) && other.startSeq <= s.startSeq && other.endSeq >= s.startSeq)
                inFlight.add(other);
        }
        long first = Long.MAX_VALUE;
        long last = 0;
        for (Session c : inFlight) {
            first = Math.min(first, c.startSeq);
            last = Math.max(last, c.endSeq);
            // the last of them to be placed divided by its own W, each checked above; the smallest is the most lenient
            if (c.decision.usableWeight > 0)
                usable = Math.min(usable, c.decision.usableWeight);
        }
        int counted = 0;
        for (Session c : inFlight) {
            if (c.closeStartSeq > last)
                counted++;
        }
        int stable = 0;
        for (Session x : onMember) {
            if (x.startSeq > first)
                break;
            if (x.endSeq < first && x.closeStartSeq > last)
                stable++;
        }
        long totalLive = totals.max((int) first, (int) last) - 1;
        long capacity = (long) Math.ceil(loadFactor * (totalLive + 1) * 1 / (double) usable);
        long live = stable + counted;
        result.count(joined, capacity - live);
        if (live > capacity)
            result.violation(joined, String.format("%s took %s (%s) while holding at least %d live"
                    + " sessions (%d open throughout, %d placed concurrently), capacity ceil(%.2f x %d / %d) = %d",
                    member, s.user, s.decision, live, stable, counted, loadFactor, totalLive + 1, usable, capacity));
    }

    /** Sessions counted by the ledger after each event: from before the connect to after the close. */
    private static int[] ledgerTotals(List<Session> all, int length) {
        int[] delta = new int[length + 1];
        for (Session s : all) {
            delta[(int) s.startSeq]++;
            long end = s.failed ? s.endSeq : s.closeEndSeq;
            if (end != Long.MAX_VALUE && end >= 0)
                delta[(int) end]--;
        }
        int[] totals = new int[length];
        int running = 0;
        for (int i = 0; i < length; i++) {
            running += delta[i];
            totals[i] = running;
        }
        return totals;
    }

    /** Maximum of an array over index ranges (sparse table). */
    private static final class RangeMax {

        private final int[][] table;

        RangeMax(int[] values) {
            int levels = 1;
            while ((1 << levels) <= values.length)
                levels++;
            table = new int[levels][];
            table[0] = values;
            for (int k = 1; k < levels; k++) {
                int width = 1 << k;
                int[] row = new int[Math.max(0, values.length - width + 1)];
                for (int i = 0; i < row.length; i++)
                    row[i] = Math.max(table[k - 1][i], table[k - 1][i + width / 2]);
                table[k] = row;
            }
        }

        int max(int from, int to) {
            int k = 31 - Integer.numberOfLeadingZeros(to - from + 1);
            return Math.max(table[k][from], table[k][to - (1 << k) + 1]);
        }
    }
}
