package io.guacdaffinity.conf;

import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every {@code guacd-affinity-*} property in one place, and one parsed, immutable snapshot of them.
 * Guacamole and the command line build it from the same {@link PropertyLookup}, so both see the
 * same values and the same errors.
 */
public final class AffinityConfig {

    /** guacd's own port, used where a member or DNS server is given without one. */
    public static final int GUACD_PORT = 4822;

    public static final Setting<List<Member>> MEMBERS = new Setting<>("guacd-affinity-members", "",
            "a list of [name=]host[:port][*weight] separated by commas or spaces (port 1-65535, default "
                    + GUACD_PORT + "; weight 1-1000, default 1; names unique, and no host:port twice)",
            "Static ring members. Used alone when guacd-affinity-srv is unset, and as the fallback when the SRV"
                    + " name stays empty longer than guacd-affinity-srv-empty-grace.",
            text -> Parsers.members(text, GUACD_PORT), members -> joined(members, Member::toString));

    public static final Setting<String> SRV = new Setting<>("guacd-affinity-srv", "",
            "a DNS SRV name such as _guacd._tcp.guacd-headless.guacamole.svc.cluster.local",
            "SRV name of the guacd headless Service. Each record's target names a member (its first label,"
                    + " the pod name) and gives its port.",
            Parsers.srvName());

    public static final Setting<String> SRV_HOST_TEMPLATE = new Setting<>("guacd-affinity-srv-host-template", "",
            "empty (connect to the SRV target) or a host name containing {ordinal} and/or {name},"
                    + " such as guacd-{ordinal}.guacamole.svc.cluster.local",
            "Host to connect to for an SRV member, built from the pod's ordinal (the number after its last '-')"
                    + " or its name; empty connects to the SRV target itself.",
            Parsers.hostTemplate());

    public static final Setting<Boolean> SRV_WEIGHTS = new Setting<>("guacd-affinity-srv-weights", "false",
            "true or false",
            "Take member weights from SRV records. Off by default: CoreDNS's SRV weights carry no capacity information.",
            Parsers.bool());

    public static final Setting<Integer> REFRESH_MIN = new Setting<>("guacd-affinity-refresh-min", "5",
            "a whole number of seconds from 1 to 3600",
            "Shortest time between two SRV look-ups, whatever the record TTL says.",
            Parsers.intRange(1, 3600));

    public static final Setting<Integer> REFRESH_MAX = new Setting<>("guacd-affinity-refresh-max", "30",
            "a whole number of seconds from 1 to 86400, not below guacd-affinity-refresh-min",
            "Longest time between two SRV look-ups, whatever the record TTL says.",
            Parsers.intRange(1, 86400));

    public static final Setting<Integer> SRV_EMPTY_GRACE = new Setting<>("guacd-affinity-srv-empty-grace", "60",
            "a whole number of seconds from 0 to 86400",
            "How long an empty SRV answer or NXDOMAIN keeps the last known ring before the static list"
                    + " (if any) takes over.",
            Parsers.intRange(0, 86400));

    public static final Setting<List<HostPort>> DNS_SERVERS = new Setting<>("guacd-affinity-dns-servers", "",
            "empty (the system resolver) or a list of host[:port] separated by commas or spaces (port default 53)",
            "DNS servers to ask for the SRV name instead of the system resolver.",
            Parsers.hostPortList(53), servers -> joined(servers, HostPort::toString));

    public static final Setting<Integer> DNS_TIMEOUT = new Setting<>("guacd-affinity-dns-timeout", "2000",
            "a whole number of milliseconds from 100 to 60000",
            "How long one SRV look-up may take before it counts as failed.",
            Parsers.intRange(100, 60000));

    public static final Setting<KeyMode> KEY = new Setting<>("guacd-affinity-key", "user",
            KeyMode.ACCEPTED,
            "What routing is keyed on: user (all sessions of a user share a guacd), session (each login),"
                    + " client-ip (everyone behind one address) or connection (everyone on one connection)."
                    + " A connection's own attribute overrides it.",
            Parsers.keyMode(), KeyMode::value);

    public static final Setting<Integer> VIRTUAL_NODES = new Setting<>("guacd-affinity-virtual-nodes",
            String.valueOf(HashRing.DEFAULT_VIRTUAL_NODES),
            "a whole number from 1 to 10000",
            "Points per unit of weight each member gets on the ring. More points even out the spread and cost"
                    + " memory (8 bytes each). Every Guacamole replica must use the same value.",
            Parsers.intRange(1, 10000));

    public static final Setting<Double> LOAD_FACTOR = new Setting<>("guacd-affinity-load-factor", "1.25",
            "0 (off) or a number greater than 1 and at most 10, such as 1.25",
            "Bounded load: a connect skips a member already holding ceil(c x (live + 1) x weight / usable weight)"
                    + " live tunnels, usable meaning members not marked down. Each Guacamole replica bounds the"
                    + " tunnels it opened. 0 turns it off: pure ring, the most deterministic.",
            Parsers.loadFactor(), factor -> factor == 0 ? "0" : String.valueOf(factor));

    public static final Setting<Integer> CONNECT_TIMEOUT = new Setting<>("guacd-affinity-connect-timeout", "5000",
            "a whole number of milliseconds from 100 to 120000",
            "How long opening a tunnel to one guacd may take before the next member is tried.",
            Parsers.intRange(100, 120000));

    public static final Setting<Integer> MAX_ATTEMPTS = new Setting<>("guacd-affinity-max-attempts", "3",
            "a whole number from 1 to 100",
            "Most members tried for one connect before the user gets an error.",
            Parsers.intRange(1, 100));

    public static final Setting<Integer> DOWN_COOLDOWN = new Setting<>("guacd-affinity-down-cooldown", "30",
            "a whole number of seconds from 1 to 3600",
            "How long a guacd marked down is skipped at most; with health checks on it is used again as soon as"
                    + " a check passes.",
            Parsers.intRange(1, 3600));

    public static final Setting<Integer> HEALTH_INTERVAL = new Setting<>("guacd-affinity-health-interval", "5",
            "a whole number of seconds from 0 to 3600",
            "How often each guacd gets a health check (a TCP connect and a handshake a live guacd answers at once)."
                    + " A member is marked down after 2 failed checks in a row and usable again after one good one."
                    + " 0 turns checks off: members then come back only at the end of the cool-down.",
            Parsers.intRange(0, 3600));

    public static final Setting<Boolean> SSL = new Setting<>("guacd-affinity-ssl", "false",
            "true or false",
            "Connect to every member over TLS (guacd started with -C and -K). The certificate must name the"
                    + " member's host and chain to a trusted CA: one of guacd-affinity-ssl-truststore when set,"
                    + " else one that Guacamole's JVM trusts.",
            Parsers.bool());

    public static final Setting<Optional<GuacdTrustStore>> SSL_TRUSTSTORE = new Setting<>(
            "guacd-affinity-ssl-truststore", "", GuacdTrustStore.ACCEPTED,
            "With guacd-affinity-ssl, the CA certificates that guacd's certificates must chain to, instead of"
                    + " every CA Guacamole's JVM trusts. Applies to the tunnels the extension opens itself; read"
                    + " at start-up.",
            text -> GuacdTrustStore.parse(AffinityConfig.SSL_TRUSTSTORE, text),
            store -> store.map(GuacdTrustStore::file).orElse(""));

    public static final Setting<Integer> METRICS_PORT = new Setting<>("guacd-affinity-metrics-port", "0",
            "0 (off) or a TCP port from 1 to 65535",
            "Port of the Prometheus metrics endpoint (/metrics, text format or OpenMetrics), served apart from"
                    + " Guacamole's own port so that no ingress to Guacamole reaches it. Nothing in it names a user,"
                    + " a client address or a connection. 0 serves nothing.",
            Parsers.intRange(0, 65535));

    public static final Setting<String> METRICS_ADDRESS = new Setting<>("guacd-affinity-metrics-address", "0.0.0.0",
            "an IPv4 or IPv6 address (no host name), such as 0.0.0.0 (every interface), 127.0.0.1 or ::",
            "Address the metrics endpoint listens on. Every interface by default, so that Prometheus can"
                    + " scrape the pod's own address; limit who reaches the port with a NetworkPolicy or a"
                    + " firewall, or set 127.0.0.1 for a scraper on the same host.",
            Parsers.ipAddress());

    /** Every property, in the order the documentation lists them. */
    public static final List<Setting<?>> ALL = Collections.unmodifiableList(Arrays.asList(
            MEMBERS, SRV, SRV_HOST_TEMPLATE, SRV_WEIGHTS, REFRESH_MIN, REFRESH_MAX, SRV_EMPTY_GRACE,
            DNS_SERVERS, DNS_TIMEOUT, KEY, VIRTUAL_NODES, LOAD_FACTOR,
            CONNECT_TIMEOUT, MAX_ATTEMPTS, DOWN_COOLDOWN, HEALTH_INTERVAL, SSL, SSL_TRUSTSTORE,
            METRICS_PORT, METRICS_ADDRESS));

    /**
     * Properties that earlier versions read and this one ignores, each with why. A configuration that
     * still sets one keeps working: it gets a warning, never a refusal.
     */
    public static final Map<String, String> RETIRED = retired();

    private static Map<String, String> retired() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("guacd-affinity-pin-timeout", "idle pins are gone: only live tunnels keep a key on its guacd,"
                + " and the ring, the same in every Guacamole replica, brings a user back to the same guacd");
        out.put("guacd-affinity-max-pins", "idle pins are gone: only keys with live tunnels are remembered");
        return Collections.unmodifiableMap(out);
    }

    /** Each setting's parsed value, for the settings the catalogue lists; see {@link #value}. */
    private final Map<Setting<?>, Object> values = new LinkedHashMap<>();
    /** Names of the settings the lookup gave a value (not blank); the rest are at their default. */
    private final Set<String> given = new HashSet<>();

    private final List<Member> members;
    private final String srv;
    private final String srvHostTemplate;
    private final boolean srvWeights;
    private final int refreshMinSeconds;
    private final int refreshMaxSeconds;
    private final int srvEmptyGraceSeconds;
    private final List<HostPort> dnsServers;
    private final int dnsTimeoutMillis;
    private final KeyMode keyMode;
    private final int virtualNodes;
    private final List<String> warnings;
    private final double loadFactor;
    private final int connectTimeoutMillis;
    private final int maxAttempts;
    private final int downCooldownSeconds;
    private final int healthIntervalSeconds;
    private final boolean ssl;
    private final Optional<GuacdTrustStore> sslTrustStore;
    private final int metricsPort;
    private final String metricsAddress;

    private AffinityConfig(PropertyLookup lookup) {
        // Every property is read even after one fails, so that an admin sees all problems at once;
        // a value that failed is never used because the constructor then throws.
        List<String> errors = new ArrayList<>();
        members = read(MEMBERS, lookup, errors);
        srv = read(SRV, lookup, errors);
        srvHostTemplate = read(SRV_HOST_TEMPLATE, lookup, errors);
        srvWeights = unbox(read(SRV_WEIGHTS, lookup, errors));
        Integer refreshMin = read(REFRESH_MIN, lookup, errors);
        Integer refreshMax = read(REFRESH_MAX, lookup, errors);
        refreshMinSeconds = unbox(refreshMin);
        refreshMaxSeconds = unbox(refreshMax);
        srvEmptyGraceSeconds = unbox(read(SRV_EMPTY_GRACE, lookup, errors));
        dnsServers = read(DNS_SERVERS, lookup, errors);
        dnsTimeoutMillis = unbox(read(DNS_TIMEOUT, lookup, errors));
        keyMode = read(KEY, lookup, errors);
        Integer nodes = read(VIRTUAL_NODES, lookup, errors);
        virtualNodes = unbox(nodes);
        Double factor = read(LOAD_FACTOR, lookup, errors);
        loadFactor = factor == null ? 0.0 : factor;
        connectTimeoutMillis = unbox(read(CONNECT_TIMEOUT, lookup, errors));
        maxAttempts = unbox(read(MAX_ATTEMPTS, lookup, errors));
        downCooldownSeconds = unbox(read(DOWN_COOLDOWN, lookup, errors));
        healthIntervalSeconds = unbox(read(HEALTH_INTERVAL, lookup, errors));
        ssl = unbox(read(SSL, lookup, errors));
        sslTrustStore = read(SSL_TRUSTSTORE, lookup, errors);
        metricsPort = unbox(read(METRICS_PORT, lookup, errors));
        metricsAddress = read(METRICS_ADDRESS, lookup, errors);

        if (refreshMin != null && refreshMax != null && refreshMax < refreshMin)
            errors.add(new InvalidSettingException(REFRESH_MAX.name(), String.valueOf(refreshMax),
                    "a value not below " + REFRESH_MIN.name() + " (" + refreshMin + ")").getMessage());
        if (members != null && members.size() > HashRing.MAX_MEMBERS)
            errors.add(new InvalidSettingException(MEMBERS.name(), members.size() + " members",
                    "at most " + HashRing.MAX_MEMBERS + " members").getMessage());
        else if (members != null && nodes != null) {
            long points = 0;
            for (Member m : members)
                points += (long) m.weight() * nodes;
            if (points > HashRing.MAX_POINTS)
                errors.add(new InvalidSettingException(MEMBERS.name(), lookup.get(MEMBERS.name()),
                        "members whose total weight times " + VIRTUAL_NODES.name() + " (" + nodes
                                + ") is at most " + HashRing.MAX_POINTS + " ring points; these need "
                                + points).getMessage());
        }
        if (!errors.isEmpty())
            throw new ConfigurationException(errors);
        warnings = Collections.unmodifiableList(retiredIn(lookup));
    }

    /** A warning for each retired property {@code lookup} sets, saying that it no longer does anything. */
    public static List<String> retiredIn(PropertyLookup lookup) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> retired : RETIRED.entrySet()) {
            if (lookup.get(retired.getKey()) != null)
                out.add(retired.getKey() + " is set but no longer does anything (" + retired.getValue()
                        + "); remove it");
        }
        return out;
    }

    private <T> T read(Setting<T> setting, PropertyLookup lookup, List<String> errors) {
        String raw = lookup.get(setting.name());
        if (raw != null && !raw.trim().isEmpty())
            given.add(setting.name());
        try {
            T value = setting.read(lookup);
            values.put(setting, value);
            return value;
        }
        catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
            return null;
        }
    }

    private static <T> String joined(List<T> items, Function<T, String> text) {
        StringBuilder out = new StringBuilder();
        for (T item : items)
            out.append(out.length() == 0 ? "" : ", ").append(text.apply(item));
        return out.toString();
    }

    private static int unbox(Integer value) {
        return value == null ? 0 : value;
    }

    private static boolean unbox(Boolean value) {
        return value != null && value;
    }

    /**
     * Reads and checks every property.
     *
     * @throws ConfigurationException listing every property that is not accepted
     */
    public static AffinityConfig from(PropertyLookup lookup) {
        return new AffinityConfig(lookup);
    }

    /** All defaults: no members, no SRV name. */
    public static AffinityConfig defaults() {
        return new AffinityConfig(name -> null);
    }

    /** The value in effect of any setting of {@link #ALL}. */
    @SuppressWarnings("unchecked")
    public <T> T value(Setting<T> setting) {
        if (!values.containsKey(setting))
            throw new IllegalArgumentException(setting.name() + " is not one of AffinityConfig.ALL");
        return (T) values.get(setting);
    }

    /** True when guacamole.properties (or the environment) gave {@code setting} a value; false at its default. */
    public boolean isSet(Setting<?> setting) {
        return given.contains(setting.name());
    }

    public List<Member> members() {
        return members;
    }

    public String srv() {
        return srv;
    }

    public boolean srvEnabled() {
        return !srv.isEmpty();
    }

    public String srvHostTemplate() {
        return srvHostTemplate;
    }

    public boolean srvWeights() {
        return srvWeights;
    }

    public int refreshMinSeconds() {
        return refreshMinSeconds;
    }

    public int refreshMaxSeconds() {
        return refreshMaxSeconds;
    }

    public int srvEmptyGraceSeconds() {
        return srvEmptyGraceSeconds;
    }

    public List<HostPort> dnsServers() {
        return dnsServers;
    }

    public int dnsTimeoutMillis() {
        return dnsTimeoutMillis;
    }

    public KeyMode keyMode() {
        return keyMode;
    }

    public int virtualNodes() {
        return virtualNodes;
    }

    /** Problems that do not stop routing, such as retired properties still set; one WARN each at start. */
    public List<String> warnings() {
        return warnings;
    }

    /** 0 when bounded load is off. */
    public double loadFactor() {
        return loadFactor;
    }

    public boolean boundedLoad() {
        return loadFactor > 1.0;
    }

    public int connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public int downCooldownSeconds() {
        return downCooldownSeconds;
    }

    /** 0 when health checks are off. */
    public int healthIntervalSeconds() {
        return healthIntervalSeconds;
    }

    public boolean ssl() {
        return ssl;
    }

    /** The certificates guacd's TLS certificates must chain to; empty to trust the JVM's. */
    public Optional<GuacdTrustStore> sslTrustStore() {
        return sslTrustStore;
    }

    /** Port of the metrics endpoint; 0 when it is off. */
    public int metricsPort() {
        return metricsPort;
    }

    /** Literal address the metrics endpoint listens on. */
    public String metricsAddress() {
        return metricsAddress;
    }
}
