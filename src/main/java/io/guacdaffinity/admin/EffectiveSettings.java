package io.guacdaffinity.admin;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.GuacdTrustStore;
import io.guacdaffinity.conf.HostPort;
import io.guacdaffinity.conf.Setting;
import io.guacdaffinity.ring.Member;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The value in effect of every guacd-affinity-* property, as an admin would write it. */
public final class EffectiveSettings {

    private EffectiveSettings() {
    }

    /** Property name to value, in the order of {@link AffinityConfig#ALL}. */
    public static Map<String, String> of(AffinityConfig c) {
        Map<Setting<?>, String> values = new LinkedHashMap<>();
        values.put(AffinityConfig.MEMBERS, join(c.members(), Member::toString));
        values.put(AffinityConfig.SRV, c.srv());
        values.put(AffinityConfig.SRV_HOST_TEMPLATE, c.srvHostTemplate());
        values.put(AffinityConfig.SRV_WEIGHTS, String.valueOf(c.srvWeights()));
        values.put(AffinityConfig.REFRESH_MIN, String.valueOf(c.refreshMinSeconds()));
        values.put(AffinityConfig.REFRESH_MAX, String.valueOf(c.refreshMaxSeconds()));
        values.put(AffinityConfig.SRV_EMPTY_GRACE, String.valueOf(c.srvEmptyGraceSeconds()));
        values.put(AffinityConfig.DNS_SERVERS, join(c.dnsServers(), HostPort::toString));
        values.put(AffinityConfig.DNS_TIMEOUT, String.valueOf(c.dnsTimeoutMillis()));
        values.put(AffinityConfig.KEY, c.keyMode().value());
        values.put(AffinityConfig.VIRTUAL_NODES, String.valueOf(c.virtualNodes()));
        values.put(AffinityConfig.LOAD_FACTOR, c.boundedLoad() ? String.valueOf(c.loadFactor()) : "0");
        values.put(AffinityConfig.CONNECT_TIMEOUT, String.valueOf(c.connectTimeoutMillis()));
        values.put(AffinityConfig.MAX_ATTEMPTS, String.valueOf(c.maxAttempts()));
        values.put(AffinityConfig.DOWN_COOLDOWN, String.valueOf(c.downCooldownSeconds()));
        values.put(AffinityConfig.HEALTH_INTERVAL, String.valueOf(c.healthIntervalSeconds()));
        values.put(AffinityConfig.SSL, String.valueOf(c.ssl()));
        values.put(AffinityConfig.SSL_TRUSTSTORE, c.sslTrustStore().map(GuacdTrustStore::file).orElse(""));

        Map<String, String> out = new LinkedHashMap<>();
        for (Setting<?> s : AffinityConfig.ALL) {
            // A property added to AffinityConfig but not here shows up, unexplained, rather than vanishing.
            out.put(s.name(), values.getOrDefault(s, "(not shown)"));
        }
        return out;
    }

    private static <T> String join(List<T> items, Function<T, String> text) {
        return items.stream().map(text).collect(Collectors.joining(", "));
    }
}
