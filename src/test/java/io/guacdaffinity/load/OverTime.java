package io.guacdaffinity.load;

import java.util.List;
import java.util.Set;

/**
 * What the live-session samples and the session records of a run show over time: for each stretch
 * the turnover after its change and the balance after it, how the added pods fill after the
 * scale-up and how much the restarted guacd takes back.
 *
 * <p>Balance: in each sample, the busiest guacd's live sessions over ceil(c x live / N) (N: ring
 * members that can take a session, see {@link LiveSampler}), averaged over the stretch's samples
 * from its turnover to its end, and the worst excess over that ceiling. Samples with fewer sessions
 * than members are left out. A sample above the ceiling counts as one "from departures" when the
 * busiest guacd was within the ceiling in the first sample after it got its latest session: the
 * sessions elsewhere ended, the mean fell, and no router that never moves a live session can
 * follow.
 */
final class OverTime {

    private OverTime() {
    }

    /**
     * @param from when each stretch starts ({@link System#nanoTime()})
     * @param change when its change took effect
     * @param end when the last stretch ends
     */
    static void stretches(RunResult result, List<LiveSampler.Sample> samples, List<Session> sessions, long[] from,
            long[] change, long end) {
        Scenario sc = result.scenario;
        double c = sc.bounded() ? sc.loadFactor : 1.25;
        for (int i = 0; i < from.length; i++) {
            RunResult.Stretch s = new RunResult.Stretch(Scenario.STRETCHES[i], from[i], change[i],
                    i + 1 < from.length ? from[i + 1] : end);
            // behind one NAT address the arrivals are one key's first placements: measured, not bounded
            s.balanceChecked = !(sc.nat() && i == Scenario.ARRIVE);
            long turnover = change[i];
            for (Session x : sessions) {
                if (x.openAt(change[i])) {
                    s.openAtChange++;
                    turnover = Math.max(turnover, x.closedNanos);
                }
            }
            s.turnoverNanos = turnover;
            result.stretches.add(s);
        }
        for (int k = 0; k < samples.size(); k++) {
            LiveSampler.Sample x = samples.get(k);
            RunResult.Stretch s = stretchOf(result, x.atNanos);
            if (s == null)
                continue;
            s.samples++;
            if (x.atNanos < s.turnoverNanos || x.total < x.members)
                continue;
            long ceiling = x.ceiling(c);
            s.samplesAfter++;
            s.ratioSum += x.busiest / (double) ceiling;
            if (x.busiest > ceiling) {
                s.above++;
                s.worstExcess = Math.max(s.worstExcess, x.busiest - ceiling);
                if (withinWhenGained(samples, k, c))
                    s.aboveFromDepartures++;
            }
        }
    }

    private static RunResult.Stretch stretchOf(RunResult result, long nanos) {
        for (RunResult.Stretch s : result.stretches) {
            if (nanos >= s.fromNanos && nanos < s.toNanos)
                return s;
        }
        return null;
    }

    /** Whether the busiest guacd of sample {@code k} was within the ceiling when it got its latest session. */
    private static boolean withinWhenGained(List<LiveSampler.Sample> samples, int k, double c) {
        LiveSampler.Sample x = samples.get(k);
        String member = x.busiestName;
        int count = x.on(member);
        int j = k - 1;
        while (j >= 0 && samples.get(j).on(member) >= count)
            j--;
        if (j < 0)
            return false;
        LiveSampler.Sample gained = samples.get(j + 1);
        return gained.on(member) <= gained.ceiling(c);
    }

    /**
     * The added pods: sessions placed on them within the first 10 % of the scaled-up stretch (from
     * the ring that has them to the scale-down), and their share of the live sessions averaged over
     * the stretch's samples after its turnover, against the share the ring gives them.
     */
    static void addedPodsFill(RunResult result, List<LiveSampler.Sample> samples, List<Session> sessions,
            Set<String> added, double ringShare, long changeNanos, long endNanos) {
        long tenth = changeNanos + (endNanos - changeNanos) / 10;
        long first = Long.MAX_VALUE;
        for (Session x : sessions) {
            if (!x.succeeded() || !added.contains(x.servedBy) || x.openNanos < changeNanos)
                continue;
            first = Math.min(first, x.openNanos);
            if (x.openNanos <= tenth)
                result.addedInFirstTenth++;
        }
        result.firstOnAddedMillis = first == Long.MAX_VALUE ? -1 : (first - changeNanos) / 1_000_000L;
        share(result.added, samples, added, ringShare, result.stretches.get(Scenario.SCALED_UP));
    }

    /** The restarted guacd's share of the live sessions after the turnover of its stretch. */
    static void restartedShare(RunResult result, List<LiveSampler.Sample> samples, double ringShare) {
        share(result.restarted, samples, Set.of(result.killed), ringShare, result.stretches.get(Scenario.RESTARTED));
    }

    private static void share(RunResult.Share share, List<LiveSampler.Sample> samples, Set<String> members,
            double ringShare, RunResult.Stretch stretch) {
        share.ring = ringShare;
        double sum = 0;
        for (LiveSampler.Sample x : samples) {
            if (x.atNanos < stretch.turnoverNanos || x.atNanos >= stretch.toNanos || x.total == 0)
                continue;
            int on = 0;
            for (String m : members)
                on += x.on(m);
            sum += on / (double) x.total;
            share.samples++;
        }
        share.held = share.samples == 0 ? 0 : sum / share.samples;
    }
}
