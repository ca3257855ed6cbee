package io.guacdaffinity.guacamole;

import io.guacdaffinity.conf.ConnectionAffinity;
import io.guacdaffinity.conf.Excerpt;
import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.AffinityKey;
import io.guacdaffinity.routing.RoutePlan;
import io.guacdaffinity.tunnel.TunnelRouter;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.net.auth.DelegatingConnection;
import org.apache.guacamole.net.auth.GuacamoleProxyConfiguration;
import org.apache.guacamole.protocol.GuacamoleClientInformation;
import org.apache.guacamole.protocol.GuacamoleConfiguration;
import org.apache.guacamole.token.TokenFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.Map;

/**
 * A connection whose tunnel goes to the guacd the router chooses for its affinity key, by the strategy its
 * provider allows (see {@link ConnectStrategy}). Everything but connecting is the provider's.
 */
public class AffinityConnection extends DelegatingConnection {

    private static final Logger logger = LoggerFactory.getLogger(AffinityConnection.class);

    private final AffinityUserContext context;

    AffinityConnection(Connection connection, AffinityUserContext context) {
        super(connection);
        this.context = context;
    }

    /** The connection as its provider made it. */
    public Connection getUndecorated() {
        return getDelegateConnection();
    }

    private AffinityKey affinityKey(KeyMode mode) {
        Login login = context.login();
        return AffinityKey.of(mode, login.username(), login.sessionId(), login.clientAddress(),
                login.dataSource() + "/" + getIdentifier());
    }

    /** What the connection's own guacd-affinity attributes make of this connect (explain decides the same way). */
    private RoutePlan plan(Connection inner) {
        ConnectionAffinity affinity = ConnectionAffinity.fromOrInherit(inner.getAttributes(),
                e -> logger.warn("{}: {}; routing as if unset", TunnelRouter.describe(inner),
                        Excerpt.printable(e.getMessage())));
        RoutePlan plan = RoutePlan.of(affinity, keyMode(), context.service().router().ring());
        if (plan.staleMember() != null)
            logger.warn("{}: fixed guacd member {} is not in the ring; routing by {} key instead",
                    TunnelRouter.describe(inner), plan.staleMember(), plan.keyMode());
        return plan;
    }

    /** Our attributes are always reported (null when unset), so the connection editor shows their section. */
    @Override
    public Map<String, String> getAttributes() {
        return AffinityAttributes.withOwnKeys(super.getAttributes());
    }

    KeyMode keyMode() {
        return context.service().keyMode();
    }

    @Override
    @Deprecated
    public GuacamoleTunnel connect(GuacamoleClientInformation info) throws GuacamoleException {
        return connect(info, Collections.<String, String>emptyMap());
    }

    @Override
    public GuacamoleTunnel connect(GuacamoleClientInformation info, Map<String, String> tokens)
            throws GuacamoleException {
        Connection inner = getDelegateConnection();
        Login login = context.login();
        TunnelRouter tunnels = context.service().tunnelRouter();
        ConnectStrategy strategy = ConnectStrategy.of(inner, context.service().defaultGuacd());
        RoutePlan plan = strategy == ConnectStrategy.JDBC_ATTRIBUTES || strategy == ConnectStrategy.OWN_TUNNEL
                ? plan(inner) : null;
        if (plan != null && plan.off()) {
            logger.debug("user \"{}\" -> {} not routed (guacd-affinity-key off)", login.logName(),
                    TunnelRouter.describe(inner));
            return inner.connect(info, tokens);
        }
        switch (strategy) {
            case JDBC_ATTRIBUTES:
                return tunnels.viaAttributes(inner, affinityKey(plan.keyMode()), plan.fixedMember(), login.logName(), info,
                        tokens);
            case OWN_TUNNEL:
                return tunnels.ownTunnel(inner, affinityKey(plan.keyMode()), plan.fixedMember(), login.logName(),
                        filtered(inner, tokens), info);
            case JOIN_BY_ID:
                return join(inner, login, tunnels, info, tokens);
            case OWN_GUACD:
                return ownGuacd(inner, login, info, tokens);
            case PASS_THROUGH:
            default:
                String wrapper = DecoratedConnections.foreignWrapper(inner);
                if (wrapper != null)
                    context.service().notes().warnOnce("wrapped-connection:" + wrapper, "guacd-affinity leaves connections"
                            + " wrapped by {} (an extension that decorated before guacd-affinity) to their provider,"
                            + " unrouted, so that its checks still apply. Set extension-priority: guacd-affinity, *"
                            + " in guacamole.properties to route them.", wrapper);
                logger.debug("user \"{}\" -> {} passed through to its provider (share or no parameters)",
                        login.logName(), TunnelRouter.describe(inner));
                return inner.connect(info, tokens);
        }
    }

    /** A connection its provider sent to a guacd of its own: it goes there, as without the extension, noted once. */
    private GuacamoleTunnel ownGuacd(Connection inner, Login login, GuacamoleClientInformation info,
            Map<String, String> tokens) throws GuacamoleException {
        GuacamoleProxyConfiguration own = DecoratedConnections.ownGuacd(inner, context.service().defaultGuacd());
        String guacd = own == null ? "its provider's guacd" : "guacd " + own.getHostname() + ":" + own.getPort()
                + (own.getEncryptionMethod() == GuacamoleProxyConfiguration.EncryptionMethod.SSL ? " (TLS)" : "");
        context.service().notes().noteOnce("own-guacd:" + login.dataSource(), "guacd-affinity leaves connections of data"
                + " source {} whose provider set their own guacd to that guacd, unrouted (first seen: {} to {})",
                login.dataSource(), TunnelRouter.describe(inner), guacd);
        logger.debug("user \"{}\" -> {} passed through to {}, which its provider set", login.logName(),
                TunnelRouter.describe(inner), guacd);
        return inner.connect(info, tokens);
    }

    private GuacamoleTunnel join(Connection inner, Login login, TunnelRouter tunnels, GuacamoleClientInformation info,
            Map<String, String> tokens) throws GuacamoleException {
        String id = inner.getConfiguration().getConnectionID();
        Member member = context.service().joins().memberOf(id);
        if (member == null) {
            logger.debug("user \"{}\" joins {} of another origin through its provider", login.logName(),
                    Excerpt.printable(id));
            return inner.connect(info, tokens);
        }
        return tunnels.join(member, login.logName(), TunnelRouter.describe(inner), filtered(inner, tokens), info);
    }

    /** The full configuration with parameter tokens applied as the provider's SimpleConnection would. */
    private static GuacamoleConfiguration filtered(Connection inner, Map<String, String> tokens)
            throws GuacamoleException {
        GuacamoleConfiguration config = new GuacamoleConfiguration(inner.getConfiguration());
        if (DecoratedConnections.interpretsTokens(inner)) {
            new TokenFilter(DecoratedConnections.tokensForConnect(inner, tokens)).filterValues(config.getParameters());
        }
        return config;
    }
}
