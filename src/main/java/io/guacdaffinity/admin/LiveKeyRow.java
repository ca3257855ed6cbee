package io.guacdaffinity.admin;

/** One key with live tunnels on one member: who (or what key) is on which guacd, and where its home is. */
public final class LiveKeyRow {

    /** The key as the router hashes it and {@code route} and explain print it, such as {@code user:alice} (never a token). */
    public String key;
    public String member;
    /** The first member of the key's preference list; differs from {@link #member} after a spill or failover. */
    public String home;
    public int liveTunnels;

    public LiveKeyRow() {
    }

    public LiveKeyRow(String key, String member, String home, int liveTunnels) {
        this.key = key;
        this.member = member;
        this.home = home;
        this.liveTunnels = liveTunnels;
    }
}
