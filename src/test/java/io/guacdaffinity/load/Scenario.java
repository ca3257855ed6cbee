package io.guacdaffinity.load;

import java.util.Locale;

/**
 * One load-and-fault run: how many users on how many guacd pods, what pins them, whether bounded
 * load is on, and how long users stay and think. The faults come at fixed fractions of the run
 * (see {@link LoadRun}): one guacd killed and restarted, the StatefulSet scaled up and back down.
 */
final class Scenario {

    /** The one address every user of a NAT scenario comes from (TEST-NET-2). */
    static final String NAT_ADDRESS = "198.51.100.7";

    final int users;
    final int pods;
    /** Value of guacd-affinity-key: "user", or "client-ip" with every user behind {@link #NAT_ADDRESS}. */
    final String keyMode;
    /** Value of guacd-affinity-load-factor: 0 (off) or c. */
    final double loadFactor;
    final long lengthMillis;
    final long stayMinMillis;
    final long stayMaxMillis;
    final long thinkMinMillis;
    final long thinkMaxMillis;
    /** Pods added by the scale-up and removed again by the scale-down. */
    final int addedPods;
    /** Chance that a user opens a second connection while the first is live (another tab). */
    final double secondTabChance;
    final long seed;

    private Scenario(int users, int pods, String keyMode, double loadFactor, long lengthMillis, long stayMinMillis,
            long stayMaxMillis, long thinkMinMillis, long thinkMaxMillis, int addedPods, double secondTabChance,
            long seed) {
        if (users < 1 || pods < 2)
            throw new IllegalArgumentException("a run needs users and at least two pods (one is killed)");
        if (pods + addedPods > 250)
            throw new IllegalArgumentException("pods get addresses 127.0.1.0-249");
        this.users = users;
        this.pods = pods;
        this.keyMode = keyMode;
        this.loadFactor = loadFactor;
        this.lengthMillis = lengthMillis;
        this.stayMinMillis = stayMinMillis;
        this.stayMaxMillis = stayMaxMillis;
        this.thinkMinMillis = thinkMinMillis;
        this.thinkMaxMillis = thinkMaxMillis;
        this.addedPods = addedPods;
        this.secondTabChance = secondTabChance;
        this.seed = seed;
    }

    /** A class: users stay 2-8 s, think 0.5-2 s, and the run lasts {@code seconds}. */
    static Scenario classroom(int users, int pods, boolean nat, double loadFactor, int seconds) {
        return new Scenario(users, pods, nat ? "client-ip" : "user", loadFactor, seconds * 1000L, 2000, 8000, 500,
                2000, 2, 0.3, 7919L * users + pods);
    }

    /** A whole school: users stay 5-20 s and think 1-4 s, so that connects come at a steady rate. */
    static Scenario school(int users, int pods, boolean nat, double loadFactor, int seconds) {
        return new Scenario(users, pods, nat ? "client-ip" : "user", loadFactor, seconds * 1000L, 5000, 20000, 1000,
                4000, 2, 0.3, 7919L * users + pods);
    }

    boolean nat() {
        return keyMode.equals("client-ip");
    }

    boolean bounded() {
        return loadFactor > 1.0;
    }

    long at(double fraction) {
        return (long) (lengthMillis * fraction);
    }

    /** Such as {@code 60 users / 3 pods, user key, c = 1.25}. */
    String title() {
        return users + " users / " + pods + " pods, " + (nat() ? "client-IP key behind one NAT address" : "user key")
                + ", " + (bounded() ? String.format(Locale.ROOT, "bounded load c = %.2f", loadFactor) : "no bounded load");
    }

    /** A file-name friendly id such as {@code 60u-3p-user-c1.25}. */
    String id() {
        return users + "u-" + pods + "p-" + (nat() ? "nat" : "user")
                + (bounded() ? String.format(Locale.ROOT, "-c%.2f", loadFactor) : "-unbounded");
    }

    @Override
    public String toString() {
        return title();
    }
}
