package io.guacdaffinity.dnstest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The records CoreDNS serves for the guacd StatefulSet's headless Service: one SRV record per
 * ready pod under the named port {@code guacd}, and an A record per pod.
 */
public final class HeadlessService {

    public static final String DOMAIN = "guacd-headless.guacamole.svc.cluster.local";
    public static final String SRV = "_guacd._tcp." + DOMAIN;

    private final long ttl;
    private final List<String> lines = new ArrayList<>();

    public HeadlessService(long ttl) {
        this.ttl = ttl;
    }

    /**
     * guacamole.properties, to add to, that have the extension take its members from this Service's SRV
     * records on {@code dnsServer} and look them up again every {@code refreshMinSeconds} to
     * {@code refreshMaxSeconds}.
     */
    public static Map<String, String> membershipProperties(String dnsServer, int dnsTimeoutMillis,
            int refreshMinSeconds, int refreshMaxSeconds) {
        return new HashMap<>(Map.of("guacd-affinity-srv", SRV, "guacd-affinity-dns-servers", dnsServer,
                "guacd-affinity-dns-timeout", String.valueOf(dnsTimeoutMillis),
                "guacd-affinity-refresh-min", String.valueOf(refreshMinSeconds),
                "guacd-affinity-refresh-max", String.valueOf(refreshMaxSeconds)));
    }

    public static String podName(int ordinal) {
        return "guacd-stateful-" + ordinal;
    }

    public static String target(int ordinal) {
        return podName(ordinal) + "." + DOMAIN;
    }

    /** Ready pod {@code ordinal} with guacd on {@code port} at {@code ip}. */
    public HeadlessService pod(int ordinal, String ip, int port) {
        lines.add(SRV + ". " + ttl + " IN SRV 0 " + 100 + " " + port + " " + target(ordinal) + ".");
        lines.add(target(ordinal) + ". " + ttl + " IN A " + ip);
        return this;
    }

    /** Ready pods with the given ordinals, on port 4822, at 127.0.1.{ordinal}. */
    public HeadlessService pods(int... ordinals) {
        for (int i : ordinals)
            pod(i, "127.0.1." + i, 4822);
        return this;
    }

    /** A pod that exists (its A record) but is not ready, so it has no SRV record. */
    public HeadlessService notReady(int ordinal) {
        lines.add(target(ordinal) + ". " + ttl + " IN A 127.0.1." + ordinal);
        return this;
    }

    public List<String> records() {
        return lines;
    }
}
