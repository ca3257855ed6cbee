package io.guacdaffinity.guacamole;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.membership.Membership;
import io.guacdaffinity.membership.MembershipCounters;
import io.guacdaffinity.membership.MembershipStatus;
import io.guacdaffinity.metrics.AffinityCollector;
import io.guacdaffinity.metrics.MetricsServer;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.GuacdDialer;
import io.guacdaffinity.routing.Health;
import io.guacdaffinity.routing.HealthChecker;
import io.guacdaffinity.routing.LiveKeys;
import io.guacdaffinity.routing.LoadTracker;
import io.guacdaffinity.routing.MemberCheck;
import io.guacdaffinity.routing.Router;
import io.guacdaffinity.tunnel.GuacdProbe;
import io.guacdaffinity.tunnel.GuacdTunnels;
import io.guacdaffinity.tunnel.JoinRegistry;
import io.guacdaffinity.tunnel.TunnelRouter;

import org.apache.guacamole.environment.LocalEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routing for the life of the extension, wired by constructors in one place: the configuration, the
 * membership that publishes rings, the router with its live keys, loads and health, the background
 * health checks, the tunnel opener, the join registry and the metrics endpoint. It exists only when
 * the configuration was good ({@link Startup} decides), so nothing in it is null.
 */
public final class AffinityService implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(AffinityService.class);

    private final AffinityConfig config;
    private final Membership membership;
    private final Router router;
    /** Empty when {@code guacd-affinity-health-interval} is 0. */
    private final Optional<HealthChecker> healthChecker;
    private final TunnelRouter tunnelRouter;
    private final JoinRegistry joins = new JoinRegistry();
    private final RoutingNotes notes = new RoutingNotes();
    /** Empty when the endpoint is off or could not listen (it says why in the log). */
    private final Optional<MetricsServer> metrics;

    private AffinityService(AffinityConfig config, Membership membership) {
        this.config = config;
        this.membership = membership;
        Health health = new Health(config.downCooldownSeconds() * 1000L, System::currentTimeMillis);
        GuacdDialer dialer = GuacdDialer.of(config);
        healthChecker = config.healthIntervalSeconds() == 0 ? Optional.empty()
                : Optional.of(new HealthChecker(membership::current, health, new GuacdProbe(dialer),
                        config.healthIntervalSeconds() * 1000L, System::currentTimeMillis));
        router = new Router(membership::current, new LiveKeys(), new LoadTracker(), health, config.maxAttempts(),
                config.loadFactor(), healthChecker.map(MemberCheck.class::cast));
        healthChecker.ifPresent(HealthChecker::start);
        tunnelRouter = new TunnelRouter(router, new GuacdTunnels(dialer), joins);
        metrics = MetricsServer.start(config, new AffinityCollector(router, healthChecker,
                membership, Clock.systemUTC()));
    }

    /**
     * Starts routing over the rings {@code membership} publishes: health checks and the metrics
     * endpoint start here, and {@link #close()} stops them and the membership.
     */
    public static AffinityService start(AffinityConfig config, Membership membership) {
        AffinityService service = new AffinityService(config, membership);
        service.logStart();
        return service;
    }

    private void logStart() {
        HashRing ring = router.ring();
        List<String> members = new ArrayList<>();
        if (ring != null) {
            for (Member m : ring.members())
                members.add(m.toString());
        }
        logger.info("guacd-affinity routing by {} key over {} member(s) {}{}; bounded load {}, connect timeout {} ms,"
                + " {} attempt(s), cool-down {} s, TLS to guacd {}",
                config.keyMode(), members.size(), members,
                config.srv().isEmpty() ? "" : " (SRV " + config.srv() + ")",
                config.boundedLoad() ? "c=" + config.loadFactor() : "off", config.connectTimeoutMillis(),
                config.maxAttempts(), config.downCooldownSeconds(), config.ssl() ? "on" : "off");
        // What each kind of connection gets is documented (docs/routing.md); at every start it is only noise.
        logger.debug("guacd-affinity strategies: JDBC connections get their guacd-* attributes set in memory;"
                + " SimpleConnections with their configuration (user-mapping.xml, LDAP, QuickConnect) get a tunnel"
                + " opened by this extension, unless another extension wrapped them first (list guacd-affinity"
                + " first in extension-priority); shares, connections without parameters or with a guacd their"
                + " provider set, JDBC balancing groups and JSON auth connect through their own provider");
        for (String warning : config.warnings())
            notes.warnOnce(warning, "guacd-affinity: {}", warning);
        if (ring == null)
            logger.warn("guacd-affinity has no members yet: connects fail with a clear error until"
                    + " guacd-affinity-members or guacd-affinity-srv yields some");
        config.sslTrustStore().ifPresent(trust -> {
            if (config.ssl())
                logger.info("guacd-affinity trusts only {} for guacd's TLS certificates on the tunnels it opens;"
                        + " JDBC connections reach guacd through Guacamole's own TLS socket, which trusts the JVM's"
                        + " trust store", trust.describe());
            else
                logger.warn("{} is set but {} is off: guacd is reached without TLS and the trust store is not used",
                        AffinityConfig.SSL_TRUSTSTORE.name(), AffinityConfig.SSL.name());
        });
    }

    /**
     * Guacamole's default guacd ({@code guacd-hostname}, {@code guacd-port}, {@code guacd-ssl}) as
     * SimpleConnection reads it, to tell it from a guacd a provider set on a connection.
     */
    DecoratedConnections.DefaultGuacd defaultGuacd() {
        return () -> LocalEnvironment.getInstance().getDefaultGuacamoleProxyConfiguration();
    }

    /** What is left to other providers or may bypass routing, noticed so far. */
    public RoutingNotes notes() {
        return notes;
    }

    /** The configuration in force. */
    public AffinityConfig config() {
        return config;
    }

    /** The router (ring, live keys, loads, health). */
    public Router router() {
        return router;
    }

    KeyMode keyMode() {
        return config.keyMode();
    }

    TunnelRouter tunnelRouter() {
        return tunnelRouter;
    }

    JoinRegistry joins() {
        return joins;
    }

    /** Where the ring comes from and how its last refresh went. */
    public MembershipStatus membershipStatus() {
        return membership.status();
    }

    /** SRV look-ups and ring changes so far (all zero with a static list). */
    public MembershipCounters membershipCounters() {
        return membership.counters();
    }

    /** Sessions opened by this extension's own tunnels: {@code $id} to member name. */
    public Map<String, String> joinableSessions() {
        return joins.snapshot();
    }

    /** The port the metrics endpoint listens on; 0 when it does not. */
    public int metricsPort() {
        return metrics.map(MetricsServer::port).orElse(0);
    }

    /** The background health checks; empty when {@code guacd-affinity-health-interval} is 0. */
    public Optional<HealthChecker> healthChecker() {
        return healthChecker;
    }

    @Override
    public void close() {
        metrics.ifPresent(MetricsServer::close);
        healthChecker.ifPresent(HealthChecker::close);
        membership.close();
    }
}
