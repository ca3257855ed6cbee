package io.guacdaffinity.guacamole;

import io.guacdaffinity.tunnel.TunnelRouter;

import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.net.auth.simple.SimpleConnection;
import org.apache.guacamole.protocol.GuacamoleConfiguration;

import java.util.Map;

/** How a connection's tunnel reaches the chosen guacd, decided from what the connection shows. */
enum ConnectStrategy {

    /** JDBC: point its in-memory guacd attributes at the member and let it connect itself. */
    JDBC_ATTRIBUTES,

    /**
     * Full configuration of guacamole-ext's {@link SimpleConnection} (user-mapping.xml, LDAP,
     * QuickConnect): open the tunnel to the member ourselves, as its own connect() would.
     */
    OWN_TUNNEL,

    /** A configuration that joins an existing {@code $id}: goes where that session lives. */
    JOIN_BY_ID,

    /**
     * A SimpleConnection its provider gave a guacd of its own (guacamole-ext 1.6): left to that
     * guacd, unrouted, as the provider asked.
     */
    OWN_GUACD,

    /**
     * Anything else: shares, incomplete configurations, every connection that is not a
     * SimpleConnection underneath (JSON auth's connect() enforces single use and keeps its own join
     * bookkeeping), and connections another extension wrapped before us, whose connect() may check
     * what a tunnel of ours would skip. Left to its provider.
     */
    PASS_THROUGH;

    /** @param defaultGuacd the default guacd, to tell a provider's own guacd from it */
    static ConnectStrategy of(Connection connection, DecoratedConnections.DefaultGuacd defaultGuacd) {
        Map<String, String> attributes = connection.getAttributes();
        if (attributes != null && attributes.containsKey(TunnelRouter.GUACD_HOSTNAME))
            return JDBC_ATTRIBUTES;
        GuacamoleConfiguration config = connection.getConfiguration();
        if (config == null || !(DecoratedConnections.underTokenWrappers(connection) instanceof SimpleConnection))
            return PASS_THROUGH;
        if (DecoratedConnections.ownGuacd(connection, defaultGuacd) != null)
            return OWN_GUACD;
        if (config.getConnectionID() != null && !config.getConnectionID().isEmpty())
            return JOIN_BY_ID;
        String protocol = config.getProtocol();
        Map<String, String> parameters = config.getParameters();
        if (protocol == null || protocol.isEmpty() || parameters == null || parameters.isEmpty())
            return PASS_THROUGH;
        return OWN_TUNNEL;
    }
}
