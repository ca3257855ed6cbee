package io.guacdaffinity.conf;

import java.util.Locale;

/** What the affinity key is made of, and so who shares a guacd. */
public enum KeyMode {

    /** Every session of one user shares a guacd (the default). */
    USER("user"),

    /** Each Guacamole login gets a key of its own. */
    SESSION("session"),

    /** Everyone behind one address shares a guacd: Kubernetes' sessionAffinity: ClientIP, for comparison. */
    CLIENT_IP("client-ip"),

    /** Everyone on one connection shares a guacd. */
    CONNECTION("connection");

    private final String value;

    KeyMode(String value) {
        this.value = value;
    }

    /** The word an admin writes in guacamole.properties or a connection attribute. */
    public String value() {
        return value;
    }

    public static final String ACCEPTED = "one of user, session, client-ip, connection";

    /** Parses an admin's word; null when it is none of them. */
    public static KeyMode fromValue(String text) {
        if (text == null)
            return null;
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (KeyMode m : values()) {
            if (m.value.equals(t))
                return m;
        }
        return null;
    }

    @Override
    public String toString() {
        return value;
    }
}
