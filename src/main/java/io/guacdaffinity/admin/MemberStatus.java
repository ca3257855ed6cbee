package io.guacdaffinity.admin;

/** One ring member as the status page shows it; serialised by the web application's Jackson. */
public final class MemberStatus {

    public String name;
    public String host;
    public int port;
    public int weight;
    /** "up", "down", or "left" (no longer in the ring, still carrying live tunnels until they end). */
    public String health;
    /** Epoch milliseconds until which a down member is skipped; null while up. */
    public Long downUntil;
    public int liveTunnels;
    /** Keys with live tunnels here. */
    public int liveKeys;
    /** Most live tunnels bounded load lets a connect find here now; null when bounded load is off. */
    public Long capacity;

    public MemberStatus() {
    }

    public MemberStatus(String name, String host, int port, int weight, Long downUntil, int liveTunnels,
            int liveKeys, Long capacity) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.weight = weight;
        this.health = downUntil == null ? "up" : "down";
        this.downUntil = downUntil;
        this.liveTunnels = liveTunnels;
        this.liveKeys = liveKeys;
        this.capacity = capacity;
    }

    /** A member that left the ring but still has live tunnels (they are never moved). */
    public static MemberStatus departed(String name, int liveTunnels, int liveKeys) {
        MemberStatus m = new MemberStatus(name, null, 0, 0, null, liveTunnels, liveKeys, null);
        m.health = "left";
        return m;
    }
}
