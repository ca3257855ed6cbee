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
    /** Epoch milliseconds of the member's last health check; null while checks are off or before the first. */
    public Long lastCheckAt;
    /** Whether that check got guacd's answer; null when there was none. */
    public Boolean lastCheckPassed;
    /** Why that check failed, as the health-check log line says it; null when it passed. */
    public String lastCheckError;
    /** How long that check took, in milliseconds (one decimal). */
    public Double lastCheckMillis;
    /** Failed checks in a row up to the last one; 0 after a good one. */
    public int failedChecksInARow;

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

    /** Adds the member's last health check. */
    public MemberStatus checked(long atMillis, boolean passed, String error, long nanos, int failuresInARow) {
        lastCheckAt = atMillis;
        lastCheckPassed = passed;
        lastCheckError = error;
        lastCheckMillis = Math.round(nanos / 100_000.0) / 10.0;
        failedChecksInARow = failuresInARow;
        return this;
    }

    /** A member that left the ring but still has live tunnels (they are never moved). */
    public static MemberStatus departed(String name, int liveTunnels, int liveKeys) {
        MemberStatus m = new MemberStatus(name, null, 0, 0, null, liveTunnels, liveKeys, null);
        m.health = "left";
        return m;
    }
}
