package io.guacdaffinity.admin;

import io.guacdaffinity.guacamole.AffinityService;
import io.guacdaffinity.membership.MembershipCounters;
import io.guacdaffinity.routing.ConnectStatistics.Failure;
import io.guacdaffinity.routing.ConnectStatistics;
import io.guacdaffinity.routing.RouteDecision.Reason;
import io.guacdaffinity.routing.Router;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The running totals the metrics endpoint exports, for this replica's status page: read from the
 * same counters at the same moment's values, so the page and a scrape never disagree. Serialised by
 * the web application's Jackson.
 */
public final class ReplicaCounters {

    /** One member's totals since start-up. */
    public static final class MemberTotals {
        /** Connects by reason (home, live, spill, failover, fixed, join). */
        public Map<String, Long> connects = new LinkedHashMap<>();
        /** Failed attempts by cause (unreachable, refused, silent). */
        public Map<String, Long> failures = new LinkedHashMap<>();
        public long markedDown;
        public long markedUp;
        /** Mean time of this member's connects in milliseconds; null before the first. */
        public Double meanConnectMillis;
    }

    public Map<String, MemberTotals> members = new TreeMap<>();
    /** SRV look-ups by result (answered, empty, failed); empty without SRV. */
    public Map<String, Long> srvLookups = new LinkedHashMap<>();
    public long ringChanges;
    /** Port of the metrics endpoint; 0 when it is off or could not listen. */
    public int metricsPort;

    public ReplicaCounters() {
    }

    static ReplicaCounters of(AffinityService service) {
        ReplicaCounters out = new ReplicaCounters();
        MembershipCounters membership = service.membershipCounters();
        out.metricsPort = service.metricsPort();
        Router router = service.router();
        router.statistics().snapshot().forEach((name, counts) -> {
            MemberTotals m = out.member(name);
            long total = 0;
            for (Reason r : Reason.values()) {
                m.connects.put(lower(r), counts.connects(r));
                total += counts.connects(r);
            }
            for (Failure f : Failure.values())
                m.failures.put(lower(f), counts.failures(f));
            m.meanConnectMillis = total == 0 ? null : counts.durationSecondsSum() * 1000 / total;
        });
        router.health().markedDownCounts().forEach((name, n) -> out.member(name).markedDown = n);
        router.health().markedUpCounts().forEach((name, n) -> out.member(name).markedUp = n);
        out.srvLookups.put("answered", membership.lookupsAnswered());
        out.srvLookups.put("empty", membership.lookupsEmpty());
        out.srvLookups.put("failed", membership.lookupsFailed());
        out.ringChanges = membership.ringChanges();
        return out;
    }

    private MemberTotals member(String name) {
        return members.computeIfAbsent(name, n -> new MemberTotals());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
