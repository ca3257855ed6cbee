package io.guacdaffinity.tunnel;

import io.guacdaffinity.conf.Excerpt;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.AffinityKey;
import io.guacdaffinity.routing.ConnectAttempt;
import io.guacdaffinity.routing.NoMemberAvailableException;
import io.guacdaffinity.routing.RouteDecision;
import io.guacdaffinity.routing.Routed;
import io.guacdaffinity.routing.Router;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleUpstreamTimeoutException;
import org.apache.guacamole.GuacamoleUpstreamUnavailableException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.protocol.GuacamoleClientInformation;
import org.apache.guacamole.protocol.GuacamoleConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Opens tunnels on the member the router picks, by one of the strategies, counts each as live
 * until it closes, and logs one line per decision (never a password or token).
 */
public final class TunnelRouter {

    /** The guacd attributes every JDBC connection carries (their values may be null). */
    public static final String GUACD_HOSTNAME = "guacd-hostname";
    public static final String GUACD_PORT = "guacd-port";
    public static final String GUACD_ENCRYPTION = "guacd-encryption";

    private static final Logger logger = LoggerFactory.getLogger(TunnelRouter.class);

    private final Router router;
    private final GuacdTunnels tunnels;
    private final JoinRegistry joins;

    public TunnelRouter(Router router, GuacdTunnels tunnels, JoinRegistry joins) {
        this.router = router;
        this.tunnels = tunnels;
        this.joins = joins;
    }

    /** JDBC: the connection's in-memory guacd attributes name the member; it connects itself. */
    public GuacamoleTunnel viaAttributes(Connection connection, AffinityKey key, String fixedMember, String user,
            GuacamoleClientInformation info, Map<String, String> tokens) throws GuacamoleException {
        Routed<GuacamoleTunnel> routed = route(key, fixedMember, user, connection, TunnelRouter::closeQuietly, member -> {
            Map<String, String> attributes = new HashMap<>(connection.getAttributes());
            attributes.put(GUACD_HOSTNAME, member.host());
            attributes.put(GUACD_PORT, String.valueOf(member.port()));
            attributes.put(GUACD_ENCRYPTION, tunnels.ssl() ? "ssl" : "none");
            connection.setAttributes(attributes);
            try {
                return connection.connect(info, tokens);
            }
            catch (GuacamoleException e) {
                throw ConnectFailures.fromProvider(e);
            }
        });
        return afterOpen(routed, routed.value(), () -> new CountedTunnel(routed.value(), routed.lease(), () -> { }));
    }

    /** Full configuration: our own tunnel to the member; its {@code $id} is remembered for joins. */
    public GuacamoleTunnel ownTunnel(Connection connection, AffinityKey key, String fixedMember, String user,
            GuacamoleConfiguration config, GuacamoleClientInformation info) throws GuacamoleException {
        Routed<GuacdTunnels.Opened> routed = route(key, fixedMember, user, connection,
                opened -> closeQuietly(opened.tunnel), member -> tunnels.open(member, config, info));
        return afterOpen(routed, routed.value().tunnel, () -> counted(routed));
    }

    /**
     * A join of a session one of our live tunnels opened: only the member hosting it can serve it,
     * whether or not that member is still in the ring.
     */
    public GuacamoleTunnel join(Member host, String user, String what, GuacamoleConfiguration config,
            GuacamoleClientInformation info) throws GuacamoleException {
        long start = System.nanoTime();
        Routed<GuacdTunnels.Opened> routed;
        try {
            routed = router.openJoin(host, requester(user), member -> tunnels.open(member, config, info),
                    opened -> closeQuietly(opened.tunnel));
        }
        catch (NoMemberAvailableException e) {
            logger.warn("user \"{}\" could not join {} on guacd {} after {} ms: {}", user, what,
                    host.name(), millis(start), Excerpt.printable(e.getMessage()));
            throw new GuacamoleUpstreamUnavailableException("the guacd hosting this session could not serve the join");
        }
        // guacd answers a joining user's handshake with the joined session's $id: the owner's tunnel
        // alone registers it, or closing a join would make a still-live session unjoinable.
        return afterOpen(routed, routed.value().tunnel, () -> {
            logDecision(user, what, routed.decision());
            return new CountedTunnel(routed.value().tunnel, routed.lease(), () -> { }, routed.value().connectionId);
        });
    }

    /**
     * Runs the bookkeeping that follows a successful open; should it fail, the tunnel is released and
     * closed before the error reaches the caller, so no guacd session is left open with nobody on it.
     */
    private static GuacamoleTunnel afterOpen(Routed<?> routed, GuacamoleTunnel tunnel,
            Supplier<GuacamoleTunnel> bookkeeping) {
        try {
            return bookkeeping.get();
        }
        catch (RuntimeException | Error e) {
            routed.lease().release();
            closeQuietly(tunnel);
            throw e;
        }
    }

    private static void closeQuietly(GuacamoleTunnel tunnel) {
        try {
            tunnel.close();
        }
        catch (GuacamoleException | RuntimeException e) {
            logger.debug("Closing a tunnel nobody holds failed", e);
        }
    }

    private CountedTunnel counted(Routed<GuacdTunnels.Opened> routed) {
        String id = routed.value().connectionId;
        Member member = routed.decision().member();
        joins.register(id, member);
        return new CountedTunnel(routed.value().tunnel, routed.lease(), () -> joins.unregister(id, member),
                id);
    }

    /** @param user        the user as log lines name them
     * @param fixedMember the member an admin fixed the connection to (no failover), or null for the ring */
    private <T> Routed<T> route(AffinityKey key, String fixedMember, String user, Connection connection,
            Consumer<? super T> discard, ConnectAttempt<T, GuacamoleException> attempt) throws GuacamoleException {
        long start = System.nanoTime();
        String what = describe(connection);
        try {
            Routed<T> routed = fixedMember != null
                    ? router.openOn(fixedMember, RouteDecision.Reason.FIXED, key, requester(user), attempt, discard)
                    : router.open(key, requester(user), attempt, discard);
            try {
                logDecision(user, what, routed.decision());
            }
            catch (RuntimeException | Error e) {
                routed.lease().release();
                discard.accept(routed.value());
                throw e;
            }
            return routed;
        }
        catch (NoMemberAvailableException e) {
            logger.warn("user \"{}\" could not be routed to {} after {} ms: {}", user, what,
                    millis(start), Excerpt.printable(e.getMessage()));
            if (e.requestUnanswered())
                throw new GuacamoleUpstreamTimeoutException("guacd did not answer this connection's request");
            throw new GuacamoleUpstreamUnavailableException(forUser(e));
        }
    }

    /** The user as every log line of a connect names them, so that one grep finds them all. */
    private static String requester(String user) {
        return "user \"" + user + "\"";
    }

    private static void logDecision(String user, String what, RouteDecision decision) {
        Member m = decision.member();
        logger.info("user \"{}\" -> {} on guacd {} ({}:{}) reason {} key {} in {} ms{}", user, what,
                m.name(), m.host(), m.port(), decision.reason(), decision.key() == null ? "-" : decision.key().mode(),
                String.format(Locale.ROOT, "%.1f", decision.nanos() / 1e6),
                decision.steps().size() > 1 || !decision.steps().get(0).detail().isEmpty()
                        ? " " + Excerpt.printable(decision.steps().toString()) : "");
    }

    /**
     * The error a user sees: the members tried and what happened on each, without host names or
     * addresses, which stay in the log.
     */
    static String forUser(NoMemberAvailableException e) {
        // A member skipped as down and then tried last (every other member down too) is named once, by
        // what happened when it was tried.
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (RouteDecision.Step s : e.steps()) {
            switch (s.outcome()) {
                case UNREACHABLE:
                case REFUSED:
                case SILENT:
                case SKIPPED_DOWN:
                    outcomes.remove(s.member());
                    outcomes.put(s.member(), s.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '));
                    break;
                default:
                    break;
            }
        }
        List<String> tried = new ArrayList<>();
        outcomes.forEach((member, outcome) -> tried.add(member + " (" + outcome + ")"));
        // Without a member tried, the router's own message names no host: an empty ring, a fixed member not in it.
        return tried.isEmpty() ? e.getMessage()
                : "no guacd could serve this connection; tried " + String.join(", ", tried);
    }

    /** The connection as log lines name it, control characters in its name and identifier escaped. */
    public static String describe(Connection connection) {
        return "connection \"" + Excerpt.printable(connection.getName()) + "\" ("
                + Excerpt.printable(connection.getIdentifier()) + ")";
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
