package io.guacdaffinity.routing;

import io.guacdaffinity.conf.KeyMode;

import java.util.Objects;

/**
 * What a connect is routed by: the key mode and the value it picked. The string form is what the
 * ring hashes, so it must be identical in every Guacamole replica for the same user, and it never
 * carries a password or an authentication token.
 */
public final class AffinityKey {

    private final KeyMode mode;
    private final String value;
    private final String text;

    private AffinityKey(KeyMode mode, String value) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.value = value == null ? "" : value;
        this.text = mode.value() + ":" + this.value;
    }

    /**
     * Picks the value {@code mode} asks for from what is known about the request.
     *
     * @param username the user name as the authenticating provider reports it
     * @param sessionId an identifier the extension minted for one decorated login (never the auth token)
     * @param clientAddress the address the login came from
     * @param connectionId the data source and identifier of the connection, such as {@code mysql/12}
     */
    public static AffinityKey of(KeyMode mode, String username, String sessionId, String clientAddress,
            String connectionId) {
        switch (mode) {
            case SESSION:
                return new AffinityKey(mode, sessionId);
            case CLIENT_IP:
                return new AffinityKey(mode, clientAddress);
            case CONNECTION:
                return new AffinityKey(mode, connectionId);
            case USER:
            default:
                return new AffinityKey(mode, username);
        }
    }

    public static AffinityKey of(KeyMode mode, String value) {
        return new AffinityKey(mode, value);
    }

    /**
     * The key whose {@link #text()} is {@code text}, such as {@code user:alice}; text without a known
     * mode prefix is taken as a user name.
     */
    public static AffinityKey parse(String text) {
        for (KeyMode m : KeyMode.values()) {
            String prefix = m.value() + ":";
            if (text.startsWith(prefix))
                return new AffinityKey(m, text.substring(prefix.length()));
        }
        return new AffinityKey(KeyMode.USER, text);
    }

    public KeyMode mode() {
        return mode;
    }

    public String value() {
        return value;
    }

    /** The string the ring hashes and live keys are counted by, such as {@code user:alice}. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AffinityKey && ((AffinityKey) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
