package io.guacdaffinity.guacamole;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.InetGuacamoleSocket;
import org.apache.guacamole.net.SimpleGuacamoleTunnel;
import org.apache.guacamole.protocol.ConfiguredGuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleClientInformation;
import org.apache.guacamole.protocol.GuacamoleConfiguration;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Behaves as JDBC's ModeledConnection does for routing: its attributes always carry the guacd-* keys,
 * setAttributes resets its own keys left out (as JDBC does for max-connections) and stores other
 * extensions' attributes as given (JDBC's arbitrary attributes), a non-admin sees no parameters, and
 * connect() opens its own socket to the guacd its attributes name (the default guacd when unset).
 */
class JdbcLikeConnection extends NoHistoryConnection {

    private final GuacamoleConfiguration hiddenConfig;
    private final String defaultHost;
    private final int defaultPort;
    private static final String[] OWN_KEYS = {"guacd-hostname", "guacd-port", "guacd-encryption", "max-connections"};

    private final Map<String, String> attributes = new HashMap<>();
    final AtomicInteger connects = new AtomicInteger();
    final AtomicInteger updates = new AtomicInteger();

    JdbcLikeConnection(String identifier, GuacamoleConfiguration config, String defaultHost, int defaultPort) {
        this(identifier, config, defaultHost, defaultPort, Map.of("max-connections", "5"));
    }

    /** @param attributes as stored: JDBC's own and other extensions' (guacd-affinity-key, ...) */
    JdbcLikeConnection(String identifier, GuacamoleConfiguration config, String defaultHost, int defaultPort,
            Map<String, String> attributes) {
        setIdentifier(identifier);
        setName("jdbc " + identifier);
        this.hiddenConfig = config;
        this.defaultHost = defaultHost;
        this.defaultPort = defaultPort;
        GuacamoleConfiguration visible = new GuacamoleConfiguration();
        visible.setProtocol(config.getProtocol());
        setConfiguration(visible);
        setAttributes(attributes);
    }

    @Override
    public Map<String, String> getAttributes() {
        return Collections.unmodifiableMap(new HashMap<>(attributes));
    }

    @Override
    public void setAttributes(Map<String, String> given) {
        attributes.clear();
        attributes.putAll(given);
        for (String key : OWN_KEYS)
            attributes.put(key, given.get(key));
    }

    @Override
    public GuacamoleTunnel connect(GuacamoleClientInformation info, Map<String, String> tokens)
            throws GuacamoleException {
        connects.incrementAndGet();
        String host = attributes.get("guacd-hostname") != null ? attributes.get("guacd-hostname") : defaultHost;
        int port = attributes.get("guacd-port") != null ? Integer.parseInt(attributes.get("guacd-port")) : defaultPort;
        InetGuacamoleSocket socket = new InetGuacamoleSocket(host, port);
        try {
            return new SimpleGuacamoleTunnel(new ConfiguredGuacamoleSocket(socket, hiddenConfig, info));
        }
        catch (GuacamoleException e) {
            socket.close();
            throw e;
        }
    }
}
