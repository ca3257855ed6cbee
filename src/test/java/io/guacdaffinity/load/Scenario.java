package io.guacdaffinity.load;

import java.util.Arrays;
import java.util.Locale;

/**
 * One load-and-fault run: how many users on how many guacd pods, what keys them, whether bounded
 * load is on, how long users stay and think, and how long each stretch of the run lasts. The run
 * goes through six stretches (see {@link LoadRun}): users arrive, steady, one guacd dead, after its
 * restart, scaled up, after the scale-down; in the steady stretch one guacd hangs (frozen as by
 * {@code kill -STOP}) for {@link LoadRun#HUNG_MILLIS} and is thawed again. Each stretch is long
 * enough to hold a full turnover of sessions after its change (every session open at the change
 * ends within the longest stay) and then some samples to measure.
 */
final class Scenario {

    /** The one address every user of a NAT scenario comes from (TEST-NET-2). */
    static final String NAT_ADDRESS = "198.51.100.7";

    /** The stretches of a run, in order. */
    static final String[] STRETCHES = {"users arrive", "steady, one guacd hung a while", "one guacd dead", "after its restart",
        "scaled up (+2 pods)", "after the scale-down"};
    static final int ARRIVE = 0;
    static final int STEADY = 1;
    static final int DEAD = 2;
    static final int RESTARTED = 3;
    static final int SCALED_UP = 4;
    static final int SCALED_DOWN = 5;

    final int users;
    final int pods;
    /** Value of guacd-affinity-key: "user", or "client-ip" with every user behind {@link #NAT_ADDRESS}. */
    final String keyMode;
    /** Value of guacd-affinity-load-factor: 0 (off, the pure ring) or c. */
    final double loadFactor;
    final long stayMinMillis;
    final long stayMaxMillis;
    final long thinkMinMillis;
    final long thinkMaxMillis;
    /** Users arrive (their first connect) at random within this much of the start. */
    final long arrivalMillis;
    /** Length of each stretch, in the order of {@link #STRETCHES}. */
    private final long[] stretchMillis;
    /** Pods added by the scale-up and removed again by the scale-down. */
    final int addedPods;
    /** Chance that a user opens a second connection while the first is live (another tab). */
    final double secondTabChance;
    final long seed;
    /** Shown in the title: "class", "school", "short". */
    final String kind;

    private Scenario(String kind, int users, int pods, String keyMode, double loadFactor, long stayMinMillis,
            long stayMaxMillis, long thinkMinMillis, long thinkMaxMillis, long arrivalMillis, long[] stretchMillis,
            int addedPods, double secondTabChance, long seed) {
        if (users < 1 || pods < 2)
            throw new IllegalArgumentException("a run needs users and at least two pods (one is killed)");
        if (pods + addedPods > 250)
            throw new IllegalArgumentException("pods get addresses 127.0.1.0-249");
        if (stretchMillis.length != STRETCHES.length)
            throw new IllegalArgumentException("one length per stretch");
        this.kind = kind;
        this.users = users;
        this.pods = pods;
        this.keyMode = keyMode;
        this.loadFactor = loadFactor;
        this.stayMinMillis = stayMinMillis;
        this.stayMaxMillis = stayMaxMillis;
        this.thinkMinMillis = thinkMinMillis;
        this.thinkMaxMillis = thinkMaxMillis;
        this.arrivalMillis = arrivalMillis;
        this.stretchMillis = stretchMillis.clone();
        this.addedPods = addedPods;
        this.secondTabChance = secondTabChance;
        this.seed = seed;
    }

    /**
     * A class for the full report: users stay 2-6 s and think 0.5-2 s. A turnover takes at most 6 s
     * after a change; the steady stretch also holds the hung guacd ({@link LoadRun#HUNG_MILLIS}) and
     * its return before the turnover it is measured from, the stretch after the restart the
     * cool-down that may keep the guacd marked down (3 s), and the scaled-up one the DNS delay (at
     * most 3 s).
     */
    static Scenario classroom(int users, int pods, boolean nat, double loadFactor) {
        return new Scenario("class", users, pods, nat ? "client-ip" : "user", loadFactor, 2000, 6000, 500, 2000, 6000,
                new long[] {10_000, 14_000, 12_000, 15_000, 15_000, 12_000}, 2, 0.3, 7919L * users + pods);
    }

    /** A whole school: users stay 5-15 s and think 1-4 s, so that connects come at a steady rate. */
    static Scenario school(int users, int pods, boolean nat, double loadFactor) {
        return new Scenario("school", users, pods, nat ? "client-ip" : "user", loadFactor, 5000, 15000, 1000, 4000,
                15_000, new long[] {20_000, 25_000, 25_000, 28_000, 28_000, 25_000}, 2, 0.3, 7919L * users + pods);
    }

    /**
     * The short form in {@code mvn verify}: the same timeline compressed, users stay 1-3 s and think
     * 0.25-1 s, so a turnover takes at most 3 s and a run about 41 s. The stretches after a DNS change
     * leave room for its delay (at most 3 s) before the turnover; the steady one holds the hung guacd
     * ({@link LoadRun#HUNG_MILLIS}) and its return.
     */
    static Scenario quick(int users, int pods, boolean nat, double loadFactor) {
        return new Scenario("short", users, pods, nat ? "client-ip" : "user", loadFactor, 1000, 3000, 250, 1000, 3000,
                new long[] {4_500, 10_000, 5_000, 7_500, 8_000, 6_000}, 2, 0.3, 7919L * users + pods);
    }

    boolean nat() {
        return keyMode.equals("client-ip");
    }

    boolean bounded() {
        return loadFactor > 1.0;
    }

    /** The run's length. */
    long lengthMillis() {
        return end(STRETCHES.length - 1);
    }

    /** When stretch {@code i} is planned to end, from the start of the run. */
    long end(int i) {
        long t = 0;
        for (int k = 0; k <= i; k++)
            t += stretchMillis[k];
        return t;
    }

    long stretchMillis(int i) {
        return stretchMillis[i];
    }

    /** Such as {@code 60 users / 3 pods, user key, c = 1.25}. */
    String title() {
        return users + " users / " + pods + " pods, " + (nat() ? "client-IP key behind one NAT address" : "user key")
                + ", " + (bounded() ? String.format(Locale.ROOT, "bounded load c = %.2f", loadFactor)
                        : "no bounded load (pure ring)");
    }

    /** A file-name friendly id such as {@code 60u-3p-user-c1.25-class}. */
    String id() {
        return users + "u-" + pods + "p-" + (nat() ? "nat" : "user")
                + (bounded() ? String.format(Locale.ROOT, "-c%.2f", loadFactor) : "-unbounded") + "-" + kind;
    }

    /** Stays, thinks and stretch lengths in words, for the report. */
    String timing() {
        return String.format(Locale.ROOT, "stay %s-%s s, think %s-%s s, arrivals within %s s, stretches %s s",
                s(stayMinMillis), s(stayMaxMillis), s(thinkMinMillis), s(thinkMaxMillis), s(arrivalMillis),
                Arrays.toString(Arrays.stream(stretchMillis).mapToObj(Scenario::s).toArray()).replaceAll("[\\[\\]]", "")
                        .replace(", ", " / "));
    }

    private static String s(long millis) {
        return millis % 1000 == 0 ? String.valueOf(millis / 1000)
                : String.format(Locale.ROOT, "%.2f", millis / 1000.0).replaceAll("0+$", "");
    }

    @Override
    public String toString() {
        return title();
    }
}
