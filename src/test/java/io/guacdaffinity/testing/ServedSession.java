package io.guacdaffinity.testing;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One user a {@link GuacdDouble} accepted: the owner of a new connection or a user joining an existing one.
 * Recorded once the handshake completed ({@code connect} received, {@code ready} sent). Fields are public for
 * terse assertions; each also has an accessor of the same name.
 */
public final class ServedSession {

    /** The {@code $}-prefixed connection id sent in {@code ready}; joins carry the id they joined. */
    public final String connectionId;
    public final boolean join;
    public final String protocol;
    /** Parameter values from {@code connect}, by name; secrets replaced by {@value GuacdProtocols#MASK}. */
    public final Map<String, String> parameters;
    /** The protocol version the client answered with (first value of {@code connect}). */
    public final String clientProtocolVersion;
    public final Instant openedAt;
    public volatile Instant closedAt;
    public final String guacdName;

    ServedSession(String connectionId, boolean join, String protocol, Map<String, String> parameters,
            String clientProtocolVersion, Instant openedAt, String guacdName) {
        this.connectionId = connectionId;
        this.join = join;
        this.protocol = protocol;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.clientProtocolVersion = clientProtocolVersion;
        this.openedAt = openedAt;
        this.guacdName = guacdName;
    }

    public String connectionId() {
        return connectionId;
    }

    public boolean join() {
        return join;
    }

    public String protocol() {
        return protocol;
    }

    public Map<String, String> parameters() {
        return parameters;
    }

    public String parameter(String name) {
        return parameters.get(name);
    }

    public String clientProtocolVersion() {
        return clientProtocolVersion;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Instant closedAt() {
        return closedAt;
    }

    public boolean isOpen() {
        return closedAt == null;
    }

    public String guacdName() {
        return guacdName;
    }

    void markClosed() {
        if (closedAt == null)
            closedAt = Instant.now();
    }

    @Override
    public String toString() {
        return guacdName + (join ? " join " : " ") + protocol + " " + connectionId + " " + parameters
                + (closedAt == null ? " open" : " closed");
    }
}
