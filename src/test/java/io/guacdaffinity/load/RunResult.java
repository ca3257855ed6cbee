package io.guacdaffinity.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The numbers of one run, and which correctness bounds it broke. */
final class RunResult {

    /** Busiest guacd over ceil(c x mean), averaged over a stretch's samples after its turnover. */
    static final double BALANCE_BOUND = 1.05;
    /** Worst excess over ceil(c x mean), in sessions, after the turnover, at the class sizes. */
    static final long EXCESS_BOUND = 3;
    /** Users up to this many make a class (the excess bound applies); more make a school. */
    static final int CLASS_SIZE = 200;
    /** Added pods and the restarted guacd must reach this fraction of their ring share after a turnover. */
    static final double SHARE_BOUND = 2.0 / 3.0;

    final Scenario scenario;
    long durationMillis;
    /** What the users ran into, counted as it happened. */
    Findings findings = new Findings();

    String killed;
    int killedSessions;
    /** Sessions the killed guacd got after its restart. */
    int onRestartedPod;
    /** From the restart to the first instant the router did not hold the guacd down; -1 = not within the cool-down. */
    long restartUsableMillis = -1;

    /** The guacd frozen in the steady stretch (hung: accepts connects, answers nothing). */
    String hung;
    /** From the freeze to the router marking it down; -1 = not before the thaw. */
    long hungDetectedMillis = -1;
    /** From the thaw to the first instant the router did not hold it down; -1 = not within 2 intervals and slack. */
    long hungUsableMillis = -1;
    /** Connects under way at any time between the freeze and the detection, and the longest of their waits (ms). */
    int connectsBeforeDetection;
    long longestWaitBeforeDetection = -1;
    /** Connects started between the detection and the thaw, and the longest of their waits (ms). */
    int connectsAfterDetection;
    long longestWaitAfterDetection = -1;
    /** Connects while it hung that met it (tried it and went on), and of those the ones that opened elsewhere. */
    int metHung;
    int metHungServedElsewhere;
    /** Sessions it got after the thaw, before the kill. */
    int onHungAfterThaw;
    /** Sessions on other guacds, open while it hung, that their guacd ended before their user closed them. */
    int othersCutWhileHung;

    Overhead overhead;

    /** The run's stretches, in order. */
    final List<Stretch> stretches = new ArrayList<>();

    BoundedLoadCheck.Result bounded;

    int liveAtScaleUp;
    /** Sessions live at the scale-up that their guacd no longer held before their user closed them. */
    int movedByScaleUp;
    int liveOnRemovedPods;
    int cutByScaleDown;
    /** Sessions any guacd ended before their user closed them, other than on the killed one. */
    int droppedOtherwise;

    long dnsUpMillis = -1;
    long dnsDownMillis = -1;
    long dnsBoundMillis;
    /** Sessions placed on the pods the scale-up added, while they were in the ring. */
    int onAddedPods;
    List<String> problems = new ArrayList<>();

    /** What the ring gives the added pods at the scaled-up size (see {@link OverTime}). */
    final Share added = new Share();
    /** Sessions placed on the added pods within the first 10 % of the scaled-up stretch. */
    int addedInFirstTenth;
    /** From the scale-up reaching the ring to the first session on an added pod; -1 = none. */
    long firstOnAddedMillis = -1;
    /** What the ring gives the restarted guacd. */
    final Share restarted = new Share();

    /** A share of the live sessions the ring gives some members, and what they held after a turnover. */
    static final class Share {

        /** Fraction of the users' keys the ring routes to them (NAT: their share of the ring's weight). */
        double ring;
        /** Their live sessions over all live sessions, averaged over the samples after the turnover. */
        double held;
        int samples;

        double ofRing() {
            return ring == 0 ? 0 : held / ring;
        }
    }

    /** Live-session samples of one stretch of the run. */
    static final class Stretch {

        final String name;
        /** {@link System#nanoTime()}: the stretch starts, its change took effect, it ends. */
        final long fromNanos;
        final long changeNanos;
        final long toNanos;
        /** Sessions open (or connecting) at the change. */
        int openAtChange;
        /** When the last of them ended; Long.MAX_VALUE if one never did. */
        long turnoverNanos;
        /** Whether the balance bound is asserted for this stretch. */
        boolean balanceChecked;

        int samples;
        int samplesAfter;
        /** Sum over the samples after the turnover of busiest / ceil(c x mean). */
        double ratioSum;
        /** ... of which the busiest held more than ceil(c x mean). */
        int above;
        /** ... of which the busiest was within the ceiling when it got its latest session. */
        int aboveFromDepartures;
        long worstExcess;

        Stretch(String name, long fromNanos, long changeNanos, long toNanos) {
            this.name = name;
            this.fromNanos = fromNanos;
            this.changeNanos = changeNanos;
            this.toNanos = toNanos;
        }

        boolean turnedOver() {
            return turnoverNanos < toNanos;
        }

        /** Seconds from the change to the turnover. */
        double turnoverSeconds() {
            return turnoverNanos == Long.MAX_VALUE ? Double.NaN : (turnoverNanos - changeNanos) / 1e9;
        }

        double seconds() {
            return (toNanos - fromNanos) / 1e9;
        }

        double averageRatio() {
            return samplesAfter == 0 ? Double.NaN : ratioSum / samplesAfter;
        }
    }

    RunResult(Scenario scenario) {
        this.scenario = scenario;
    }

    /**
     * Whether the added pods' and the restarted guacd's share of the ring are held to two thirds: with
     * a key per user. Behind one NAT address there is one key, which the ring gives to one member or
     * another; bounded load spreads it, and a member that joins later gets what the others, each
     * filled to its capacity in the order the key reached them, cannot hold: at least
     * 1 - (N - k) x c / N of the sessions, not a share of the ring. Their shares are reported, and
     * the balance bound is what such a run is held to.
     */
    boolean sharesChecked() {
        return !scenario.nat();
    }

    /** Whether the added pods must get sessions within the first tenth of the scaled-up stretch. */
    boolean firstTenthChecked() {
        return scenario.bounded() || !scenario.nat();
    }

    /** The correctness bounds this run broke, each in words; empty when it met them all. */
    List<String> violations() {
        List<String> out = new ArrayList<>();
        if (findings.lost.get() > 0)
            out.add(findings.lost.get() + " connect(s) lost to the user");
        if (bounded != null && bounded.violations > 0)
            out.add(bounded.violations + " placement(s) onto a guacd at or above its bounded-load capacity: "
                    + bounded.examples);
        if (bounded != null && bounded.liveViolations > 0)
            out.add(bounded.liveViolations + " connect(s) joined a key's live tunnels on a guacd at or above its"
                    + " bounded-load capacity: " + bounded.liveExamples);
        if (movedByScaleUp > 0)
            out.add(movedByScaleUp + " live session(s) moved or cut by the scale-up");
        if (findings.secondsMoved.get() > 0)
            out.add(findings.secondsMoved.get() + " second connect(s) left a user's live guacd while it had room");
        if (cutByScaleDown > 0)
            out.add(cutByScaleDown + " live session(s) cut by the scale-down");
        if (droppedOtherwise > 0)
            out.add(droppedOtherwise + " session(s) ended by a guacd that was not killed");
        if (dnsUpMillis < 0 || dnsUpMillis > dnsBoundMillis)
            out.add("scale-up DNS change used after " + dnsUpMillis + " ms (bound " + dnsBoundMillis + " ms; -1 = never)");
        if (dnsDownMillis < 0 || dnsDownMillis > dnsBoundMillis)
            out.add("scale-down DNS change used after " + dnsDownMillis + " ms (bound " + dnsBoundMillis
                    + " ms; -1 = never)");
        if (findings.notInRing.get() > 0)
            out.add(findings.notInRing.get() + " connect(s) landed outside the ring");
        if (hungDetectedMillis < 0 || hungDetectedMillis > LoadRun.DETECTION_BOUND_MILLIS + LoadRun.HEALTH_SLACK_MILLIS)
            out.add("the hung guacd " + hung + " was marked down after " + hungDetectedMillis + " ms (bound "
                    + LoadRun.DETECTION_BOUND_MILLIS + " ms = 2 health intervals + the check timeout, + "
                    + LoadRun.HEALTH_SLACK_MILLIS + " ms slack; -1 = not before the thaw)");
        if (longestWaitAfterDetection >= LoadRun.CONNECT_TIMEOUT_MILLIS)
            out.add("a connect after the hung guacd " + hung + " was marked down waited " + longestWaitAfterDetection
                    + " ms (bound: below the connect timeout, " + LoadRun.CONNECT_TIMEOUT_MILLIS + " ms)");
        if (metHungServedElsewhere < metHung)
            out.add((metHung - metHungServedElsewhere) + " of " + metHung + " connect(s) that met the hung guacd "
                    + hung + " did not open elsewhere");
        long back = LoadRun.HEALTH_INTERVAL_SECONDS * 1000L + LoadRun.HEALTH_SLACK_MILLIS;
        if (hungUsableMillis < 0 || hungUsableMillis > back)
            out.add("the hung guacd " + hung + " was usable again " + hungUsableMillis + " ms after the thaw (bound "
                    + back + " ms = 1 health interval + slack; -1 = not within twice that)");
        if (killedSessions == 0)
            out.add("the killed guacd " + killed + " held no session: the fault was not exercised");
        for (Stretch s : stretches) {
            if (!s.turnedOver())
                out.add(String.format(Locale.ROOT, "stretch \"%s\" (%.1f s) held no full turnover after its change"
                        + " (%.1f s after it)", s.name, s.seconds(), s.turnoverSeconds()));
        }
        if (scenario.bounded()) {
            for (Stretch s : stretches) {
                if (!s.balanceChecked || !s.turnedOver())
                    continue;
                if (s.samplesAfter == 0)
                    out.add("stretch \"" + s.name + "\": no sample after its turnover to check the balance on");
                else if (s.averageRatio() > BALANCE_BOUND)
                    out.add(String.format(Locale.ROOT, "stretch \"%s\": busiest guacd / ceil(%.2f x mean) averaged"
                            + " %.3f after the turnover (bound %.2f)", s.name, scenario.loadFactor, s.averageRatio(),
                            BALANCE_BOUND));
                if (scenario.users <= CLASS_SIZE && s.worstExcess > EXCESS_BOUND)
                    out.add(String.format(Locale.ROOT, "stretch \"%s\": busiest guacd %d session(s) above ceil(%.2f x"
                            + " mean) after the turnover (bound %d)", s.name, s.worstExcess, scenario.loadFactor,
                            EXCESS_BOUND));
            }
        }
        if (firstTenthChecked() && addedInFirstTenth == 0)
            out.add("no session on the added pods within the first 10 % of the scaled-up stretch");
        if (sharesChecked()) {
            shareViolation(out, "the added pods", added);
            shareViolation(out, "the restarted guacd " + killed, restarted);
        }
        if (!problems.isEmpty())
            out.add("problems: " + problems);
        return out;
    }

    private static void shareViolation(List<String> out, String who, Share share) {
        if (share.samples == 0)
            out.add(who + ": no sample after the turnover to measure the share on");
        else if (share.held < SHARE_BOUND * share.ring)
            out.add(String.format(Locale.ROOT, "%s held %.1f %% of the live sessions after the turnover, %.0f %% of"
                    + " the %.1f %% the ring gives them (bound %.0f %%)", who, 100 * share.held, 100 * share.ofRing(),
                    100 * share.ring, 100 * SHARE_BOUND));
    }
}
