package io.guacdaffinity.guacamole;

/** One ring member as the status page shows it; serialised by the web application's Jackson. */
public final class MemberStatus {

    public String name;
    public String host;
    public int port;
    public int weight;
    /** "up" or "down". */
    public String health;
    /** Epoch milliseconds until which a down member is skipped; null while up. */
    public Long downUntil;
    public int liveTunnels;
    public int pinnedKeys;

    public MemberStatus() {
    }

    public MemberStatus(String name, String host, int port, int weight, Long downUntil, int liveTunnels,
            int pinnedKeys) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.weight = weight;
        this.health = downUntil == null ? "up" : "down";
        this.downUntil = downUntil;
        this.liveTunnels = liveTunnels;
        this.pinnedKeys = pinnedKeys;
    }
}
