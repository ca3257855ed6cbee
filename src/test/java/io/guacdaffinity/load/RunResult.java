package io.guacdaffinity.load;

import java.util.ArrayList;
import java.util.List;

/** The numbers of one run, and which correctness bounds it broke. */
final class RunResult {

    final Scenario scenario;
    long durationMillis;

    int connects;
    int secondConnects;
    int lost;
    int retriedPastDead;
    int deadAttempts;
    String killed;
    int killedSessions;
    int reconnectsAfterKill;
    /** Sessions the killed guacd got after its restart. */
    int onRestartedPod;

    Overhead overhead;

    /** Largest busiest/mean over the samples with at least one session per member. */
    double peakOverMeanMax;
    /** Average busiest/mean over those samples. */
    double peakOverMeanAvg;
    int samplesCounted;
    /** Samples whose busiest member held more than ceil(c x live / N) (c = the scenario's, or 1.25 when off). */
    int samplesAboveCeiling;
    /** Largest excess over that ceiling, in sessions. */
    long worstAboveCeiling;

    /** The same samples, by phase of the run. */
    final List<Phase> phases = new ArrayList<>();
    /** Connects that went to the key's pin (reason PINNED). */
    int pinnedConnects;
    /**
     * ... of which found their member already at ceil(c x (live + 1) / N) or above, N counting the
     * members up: the pin took them there all the same (contract 3).
     */
    int pinnedAboveCapacity;

    BoundedLoadCheck.Result bounded;
    int allFullFallbacks;

    int liveAtScaleUp;
    /** Sessions live at the scale-up that their guacd no longer held before their user closed them. */
    int movedByScaleUp;
    int secondsChecked;
    int secondsCheckedAfterScaleUp;
    int secondsMoved;
    int liveOnRemovedPods;
    int cutByScaleDown;
    /** Sessions any guacd ended before their user closed them, other than on the killed one. */
    int droppedOtherwise;

    long dnsUpMillis = -1;
    long dnsDownMillis = -1;
    long dnsBoundMillis;
    /** Sessions placed on the pods the scale-up added, while they were in the ring. */
    int onAddedPods;
    int notInRing;
    List<String> problems = new ArrayList<>();

    /** Live-session samples of one stretch of the run. */
    static final class Phase {

        final String name;
        final double from;
        final double to;
        int samples;
        int above;
        long worstExcess;
        double ratioSum;

        Phase(String name, double from, double to) {
            this.name = name;
            this.from = from;
            this.to = to;
        }
    }

    RunResult(Scenario scenario) {
        this.scenario = scenario;
    }

    /** The correctness bounds this run broke, each in words; empty when it met them all. */
    List<String> violations() {
        List<String> out = new ArrayList<>();
        if (lost > 0)
            out.add(lost + " connect(s) lost to the user");
        if (bounded != null && bounded.violations > 0)
            out.add(bounded.violations + " new pin(s) above the bounded-load capacity: " + bounded.examples);
        if (movedByScaleUp > 0)
            out.add(movedByScaleUp + " live session(s) moved or cut by the scale-up");
        if (secondsMoved > 0)
            out.add(secondsMoved + " second connect(s) left a user's live guacd");
        if (cutByScaleDown > 0)
            out.add(cutByScaleDown + " live session(s) cut by the scale-down");
        if (droppedOtherwise > 0)
            out.add(droppedOtherwise + " session(s) ended by a guacd that was not killed");
        if (dnsUpMillis < 0 || dnsUpMillis > dnsBoundMillis)
            out.add("scale-up DNS change used after " + dnsUpMillis + " ms (bound " + dnsBoundMillis + " ms; -1 = never)");
        if (dnsDownMillis < 0 || dnsDownMillis > dnsBoundMillis)
            out.add("scale-down DNS change used after " + dnsDownMillis + " ms (bound " + dnsBoundMillis
                    + " ms; -1 = never)");
        if (notInRing > 0)
            out.add(notInRing + " connect(s) landed outside the ring");
        if (killedSessions == 0)
            out.add("the killed guacd " + killed + " held no session: the fault was not exercised");
        if (!problems.isEmpty())
            out.add("problems: " + problems);
        return out;
    }
}
