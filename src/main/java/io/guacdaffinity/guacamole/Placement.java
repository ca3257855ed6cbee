package io.guacdaffinity.guacamole;

/** One live pin: who (or what key) is on which member. */
public final class Placement {

    /** The pin's key as the router hashes it (a user name, an address, a connection; never a token). */
    public String key;
    /** user, session, client-ip or connection. */
    public String keyMode;
    /** The user who made the pin, when known. */
    public String user;
    public String member;
    public int liveTunnels;
    /** Epoch milliseconds of the pin's last use. */
    public long lastUsed;

    public Placement() {
    }

    public Placement(String key, String keyMode, String user, String member, int liveTunnels, long lastUsed) {
        this.key = key;
        this.keyMode = keyMode;
        this.user = user;
        this.member = member;
        this.liveTunnels = liveTunnels;
        this.lastUsed = lastUsed;
    }
}
