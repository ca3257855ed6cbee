package io.guacdaffinity.guacamole;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.ConfigurationException;
import io.guacdaffinity.conf.Excerpt;
import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.conf.PropertyLookup;
import io.guacdaffinity.membership.Membership;
import io.guacdaffinity.membership.MembershipCounters;
import io.guacdaffinity.membership.MembershipStatus;
import io.guacdaffinity.metrics.AffinityCollector;
import io.guacdaffinity.metrics.MetricsServer;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.Health;
import io.guacdaffinity.routing.HealthChecker;
import io.guacdaffinity.routing.LiveKeys;
import io.guacdaffinity.routing.LoadTracker;
import io.guacdaffinity.routing.Router;
import io.guacdaffinity.tunnel.GuacdProbe;
import io.guacdaffinity.tunnel.GuacdTunnels;
import io.guacdaffinity.tunnel.JoinRegistry;
import io.guacdaffinity.tunnel.TunnelRouter;

import org.apache.guacamole.environment.LocalEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.MessageFormatter;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Everything routing needs for the life of the extension in one place: the configuration, the ring
 * source, the router with its pins, loads and health, and the join registry. Status pages and REST
 * resources read from here. In pass-through mode (bad configuration) it holds only the reason, and
 * connections are left exactly as their providers made them.
 */
public final class AffinityService implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(AffinityService.class);

    static final String OUT_OF_REACH = "JDBC balancing groups and JSON auth connect through their own provider:"
            + " a decorator cannot reach the tunnels they open";

    private final AffinityConfig config;
    private final String passThroughReason;
    private final Router router;
    private final HealthChecker healthChecker;
    private final TunnelRouter tunnelRouter;
    private final JoinRegistry joins = new JoinRegistry();
    private final AutoCloseable closer;
    private final Membership membership;
    /** The metrics endpoint; null when it is off, could not listen, or routing is. */
    private final MetricsServer metrics;
    private final ConcurrentHashMap<String, String> notedOnce = new ConcurrentHashMap<>();

    private AffinityService(AffinityConfig config, Supplier<HashRing> ring, AutoCloseable closer,
            Membership membership, String passThroughReason) {
        this.config = config;
        this.membership = membership;
        this.passThroughReason = passThroughReason;
        this.closer = closer;
        if (config != null) {
            Health health = new Health(config.downCooldownSeconds() * 1000L, System::currentTimeMillis);
            healthChecker = config.healthIntervalSeconds() == 0 ? null
                    : new HealthChecker(ring, health, new GuacdProbe(config.ssl(), config.sslTrustStore().orElse(null),
                            config.connectTimeoutMillis()),
                            config.healthIntervalSeconds() * 1000L, System::currentTimeMillis);
            router = new Router(ring, new LiveKeys(), new LoadTracker(), health, config.maxAttempts(),
                    config.loadFactor(), healthChecker);
            if (healthChecker != null)
                healthChecker.start();
            GuacdTunnels tunnels = new GuacdTunnels(config.ssl(), config.sslTrustStore().orElse(null),
                    config.connectTimeoutMillis());
            tunnelRouter = new TunnelRouter(router, tunnels, joins);
            metrics = MetricsServer.start(config, new AffinityCollector(router, healthChecker,
                    this::membershipStatus, membershipCounters(), Clock.systemUTC()));
        }
        else {
            router = null;
            healthChecker = null;
            tunnelRouter = null;
            metrics = null;
        }
    }

    /**
     * Reads the configuration and starts routing; on any bad property logs one ERROR listing each and
     * returns a pass-through service, so Guacamole keeps running with its connections unchanged.
     */
    public static AffinityService start(PropertyLookup lookup) {
        AffinityConfig config;
        try {
            config = AffinityConfig.from(lookup);
        }
        catch (ConfigurationException e) {
            logger.error("guacd-affinity is NOT routing (connections go to their provider's guacd unchanged)"
                    + " because of {} bad propert{}:\n  {}", e.problems().size(),
                    e.problems().size() == 1 ? "y" : "ies", String.join("\n  ", e.problems()));
            return passThrough(String.join("; ", e.problems()));
        }
        catch (RuntimeException e) {
            logger.error("guacd-affinity is NOT routing: its configuration could not be read: {}",
                    String.valueOf(e.getMessage()));
            logger.debug("Reading the guacd-affinity configuration failed", e);
            return passThrough(String.valueOf(e.getMessage()));
        }
        Membership membership;
        try {
            membership = Membership.start(config);
        }
        catch (RuntimeException e) {
            logger.error("guacd-affinity is NOT routing: its members could not be set up: {}",
                    String.valueOf(e.getMessage()));
            logger.debug("Setting up the guacd-affinity members failed", e);
            return passThrough(String.valueOf(e.getMessage()));
        }
        return start(config, membership);
    }

    /** Routing over the rings {@code membership} publishes; closing the service closes it. */
    public static AffinityService start(AffinityConfig config, Membership membership) {
        AffinityService service = new AffinityService(config, membership::current, membership, membership, null);
        service.logStart();
        return service;
    }

    /**
     * Routing with the given configuration and ring source (tests swap rings through it);
     * {@code membership} is closed on shutdown.
     */
    public static AffinityService start(AffinityConfig config, Supplier<HashRing> ring, AutoCloseable membership) {
        AffinityService service = new AffinityService(config, ring, membership, null, null);
        service.logStart();
        return service;
    }

    static AffinityService passThrough(String reason) {
        return new AffinityService(null, () -> null, () -> { }, null, reason);
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
            warnOnce(warning, "guacd-affinity: {}", warning);
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

    /**
     * Logs {@code message} at INFO the first time {@code topic} comes up, and keeps it for the status
     * page. Text arguments are logged with their control characters escaped.
     */
    void noteOnce(String topic, String message, Object... args) {
        Object[] printable = printable(args);
        if (notedOnce.putIfAbsent(topic, MessageFormatter.arrayFormat(message, printable).getMessage()) == null)
            logger.info(message, printable);
    }

    /** As {@link #noteOnce}, at WARN. */
    void warnOnce(String topic, String message, Object... args) {
        Object[] printable = printable(args);
        if (notedOnce.putIfAbsent(topic, MessageFormatter.arrayFormat(message, printable).getMessage()) == null)
            logger.warn(message, printable);
    }

    private static Object[] printable(Object[] args) {
        Object[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof CharSequence)
                out[i] = Excerpt.printable(out[i].toString());
        }
        return out;
    }

    /**
     * What is left to other providers or may bypass routing, for status pages: what a decorator cannot
     * reach, and each pass-through or ordering problem noticed so far.
     */
    public List<String> notes() {
        List<String> out = new ArrayList<>();
        out.add(OUT_OF_REACH);
        out.addAll(new java.util.TreeMap<>(notedOnce).values());
        return Collections.unmodifiableList(out);
    }

    public boolean passThrough() {
        return config == null;
    }

    /** Why routing is off, or null when it is on. */
    public String passThroughReason() {
        return passThroughReason;
    }

    /** The configuration in force; null in pass-through mode. */
    public AffinityConfig config() {
        return config;
    }

    /** The router (pins, loads, health, ring); null in pass-through mode. */
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

    /** Where the ring comes from and how its last refresh went; null in pass-through mode or with a fixed ring. */
    public MembershipStatus membershipStatus() {
        return membership == null ? null : membership.status();
    }

    /** SRV look-ups and ring changes so far; null in pass-through mode or with a fixed ring. */
    public MembershipCounters membershipCounters() {
        return membership == null ? null : membership.counters();
    }

    /** Sessions opened by this extension's own tunnels: {@code $id} to member name. */
    public Map<String, String> joinableSessions() {
        return joins.snapshot();
    }

    /** The port the metrics endpoint listens on; 0 when it does not. */
    public int metricsPort() {
        return metrics == null ? 0 : metrics.port();
    }

    /** The background health checks; null when they are off or routing is. */
    public HealthChecker healthChecker() {
        return healthChecker;
    }

    @Override
    public void close() {
        if (metrics != null)
            metrics.close();
        if (healthChecker != null)
            healthChecker.close();
        try {
            closer.close();
        }
        catch (Exception e) {
            logger.warn("stopping guacd-affinity membership failed: {}", String.valueOf(e.getMessage()));
            logger.debug("Stopping the guacd-affinity membership failed", e);
        }
    }
}
