package io.guacdaffinity.metrics;

import io.guacdaffinity.membership.Membership;
import io.guacdaffinity.membership.MembershipCounters;
import io.guacdaffinity.membership.MembershipStatus;
import io.guacdaffinity.membership.RingSource;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.ConnectStatistics;
import io.guacdaffinity.routing.ConnectStatistics.Failure;
import io.guacdaffinity.routing.Health;
import io.guacdaffinity.routing.HealthChecker;
import io.guacdaffinity.routing.RouteDecision.Reason;
import io.guacdaffinity.routing.Router;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every metric the extension exports, built at scrape time from the counters routing and membership
 * keep anyway (the ones the status page reads), so a scrape costs the router nothing and the two
 * never disagree. Labels name members, reasons and results only: never a user, a client address or
 * a connection.
 */
public final class AffinityCollector implements MultiCollector {

    /** Metric names as a counter's family is declared (the exposition adds {@code _total}). */
    public static final String LIVE_TUNNELS = "guacd_affinity_live_tunnels";
    public static final String MEMBER_STATE = "guacd_affinity_member_state";
    public static final String MEMBER_CAPACITY = "guacd_affinity_member_capacity";
    public static final String CONNECTS = "guacd_affinity_connects";
    public static final String CONNECT_FAILURES = "guacd_affinity_connect_failures";
    public static final String CONNECT_DURATION = "guacd_affinity_connect_duration_seconds";
    public static final String MARKED_DOWN = "guacd_affinity_marked_down";
    public static final String MARKED_UP = "guacd_affinity_marked_up";
    public static final String HEALTH_CHECKS = "guacd_affinity_health_checks";
    public static final String HEALTH_CHECK_DURATION = "guacd_affinity_health_check_duration_seconds";
    public static final String RING_MEMBERS = "guacd_affinity_ring_members";
    public static final String RING_POINTS = "guacd_affinity_ring_points";
    public static final String RING_CHANGES = "guacd_affinity_ring_changes";
    public static final String SRV_LOOKUPS = "guacd_affinity_srv_lookups";
    public static final String SRV_ANSWER_AGE = "guacd_affinity_srv_last_answer_age_seconds";
    public static final String MEMBER_SOURCE = "guacd_affinity_member_source";
    public static final String LIVE_KEYS = "guacd_affinity_live_keys";

    private static final double[] UPPER_BOUNDS = withInfinity(ConnectStatistics.BUCKET_SECONDS);

    private final Router router;
    private final Optional<HealthChecker> checker;
    private final Membership membership;
    private final Clock clock;

    /** @param checker the background health checks; empty when they are off */
    public AffinityCollector(Router router, Optional<HealthChecker> checker, Membership membership, Clock clock) {
        this.router = router;
        this.checker = checker;
        this.membership = membership;
        this.clock = clock;
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> out = new ArrayList<>();
        HashRing ring = router.ring();
        Health health = router.health();
        Map<String, Integer> live = router.loads().snapshot();

        GaugeSnapshot.Builder tunnels = gauge(LIVE_TUNNELS, "Live tunnels this Guacamole replica holds on each guacd.");
        GaugeSnapshot.Builder state = gauge(MEMBER_STATE, "1 for the state each guacd is in: up, down (marked down),"
                + " or left (no longer in the ring, still carrying live tunnels until they end).");
        GaugeSnapshot.Builder capacity = gauge(MEMBER_CAPACITY, "Bounded-load capacity of each guacd now: new"
                + " connects skip it at this many live tunnels. Absent when bounded load is off.");
        Map<String, Integer> members = new TreeMap<>(live);
        if (ring != null) {
            for (Member m : ring.members()) {
                members.putIfAbsent(m.name(), 0);
                if (router.loadFactor() > 1.0)
                    capacity.dataPoint(gaugePoint(router.capacity(ring, m.weight()), "member", m.name()));
            }
        }
        members.forEach((name, n) -> {
            tunnels.dataPoint(gaugePoint(n, "member", name));
            String now = ring == null || !ring.contains(name) ? "left" : health.isDown(name) ? "down" : "up";
            state.dataPoint(gaugePoint(1, "member", name, "state", now));
        });
        out.add(tunnels.build());
        out.add(state.build());
        out.add(capacity.build());

        out.add(gauge(LIVE_KEYS, "Keys (users, sessions, client addresses or connections, per the key mode) with"
                + " live tunnels on this replica.").dataPoint(gaugePoint(router.liveKeys().size())).build());

        CounterSnapshot.Builder connects = counter(CONNECTS, "Connects opened on each guacd since start-up, by"
                + " reason: home, live (joins the key's live tunnels), spill (bounded load), failover, fixed"
                + " (a connection attribute names the guacd), join (an active session).");
        CounterSnapshot.Builder failures = counter(CONNECT_FAILURES, "Failed connect attempts on each guacd"
                + " since start-up, by cause: unreachable (marks it down), refused (the request), silent.");
        HistogramSnapshot.Builder durations = HistogramSnapshot.builder().name(CONNECT_DURATION)
                .help("Time to open a tunnel, from the routing decision to guacd's ready, including failed"
                        + " attempts on other members, by the guacd that served it.");
        router.statistics().snapshot().forEach((name, counts) -> {
            for (Reason r : Reason.values())
                connects.dataPoint(counterPoint(counts.connects(r), "member", name, "reason", lower(r)));
            for (Failure f : Failure.values())
                failures.dataPoint(counterPoint(counts.failures(f), "member", name, "cause", lower(f)));
            durations.dataPoint(HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS, counts.durationBuckets()))
                    .sum(counts.durationSecondsSum())
                    .labels(Labels.of("member", name))
                    .build());
        });
        out.add(connects.build());
        out.add(failures.build());
        out.add(durations.build());

        out.add(perMember(MARKED_DOWN, "Times each guacd went from usable to marked down since start-up.",
                health.markedDownCounts(), ring));
        out.add(perMember(MARKED_UP, "Times a passing health check made a marked-down guacd usable again"
                + " before its cool-down ended.", health.markedUpCounts(), ring));

        CounterSnapshot.Builder checks = counter(HEALTH_CHECKS, "Health checks of each guacd since start-up,"
                + " by result: passed or failed.");
        GaugeSnapshot.Builder checkTime = gauge(HEALTH_CHECK_DURATION, "How long the last health check of each"
                + " guacd took.");
        checker.ifPresent(c -> c.results().forEach((name, r) -> {
            checks.dataPoint(counterPoint(r.passedSoFar(), "member", name, "result", "passed"));
            checks.dataPoint(counterPoint(r.failedSoFar(), "member", name, "result", "failed"));
            checkTime.dataPoint(gaugePoint(r.nanos() / 1e9, "member", name));
        }));
        out.add(checks.build());
        out.add(checkTime.build());

        out.add(gauge(RING_MEMBERS, "Members of the ring in force.")
                .dataPoint(gaugePoint(ring == null ? 0 : ring.size())).build());
        out.add(gauge(RING_POINTS, "Points (virtual nodes) on the ring in force.")
                .dataPoint(gaugePoint(ring == null ? 0 : ring.pointCount())).build());

        MembershipStatus status = membership.status();
        MembershipCounters membershipCounters = membership.counters();
        CounterSnapshot.Builder changes = counter(RING_CHANGES, "New rings published since start-up (members"
                + " added, removed or reweighted).");
        CounterSnapshot.Builder lookups = counter(SRV_LOOKUPS, "SRV look-ups since start-up, by result:"
                + " answered (with members), empty (no usable record or NXDOMAIN), failed (no answer).");
        changes.dataPoint(counterPoint(membershipCounters.ringChanges()));
        if (status.source() != RingSource.STATIC) {
            lookups.dataPoint(counterPoint(membershipCounters.lookupsAnswered(), "result", "answered"));
            lookups.dataPoint(counterPoint(membershipCounters.lookupsEmpty(), "result", "empty"));
            lookups.dataPoint(counterPoint(membershipCounters.lookupsFailed(), "result", "failed"));
        }
        out.add(changes.build());
        out.add(lookups.build());

        GaugeSnapshot.Builder age = gauge(SRV_ANSWER_AGE, "Seconds since the last SRV look-up that got an"
                + " answer (possibly empty). Absent with a static list or before the first answer.");
        GaugeSnapshot.Builder source = gauge(MEMBER_SOURCE, "1 for where the ring's members come from now: srv,"
                + " static, fallback (the static list standing in for SRV) or none.");
        if (status.source() != RingSource.STATIC && status.lastSuccess() != null)
            age.dataPoint(gaugePoint(Duration.between(status.lastSuccess(), clock.instant()).toMillis() / 1000.0));
        for (RingSource s : RingSource.values())
            source.dataPoint(gaugePoint(s == status.source() ? 1 : 0, "source", lower(s)));
        out.add(age.build());
        out.add(source.build());
        return new MetricSnapshots(out);
    }

    private static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    private static CounterSnapshot.Builder counter(String name, String help) {
        return CounterSnapshot.builder().name(name).help(help);
    }

    /** A counter per member, members of the ring that never counted one at 0 so that rate() sees their start. */
    private static CounterSnapshot perMember(String name, String help, Map<String, Long> counts, HashRing ring) {
        Map<String, Long> all = new TreeMap<>(counts);
        if (ring != null) {
            for (Member m : ring.members())
                all.putIfAbsent(m.name(), 0L);
        }
        CounterSnapshot.Builder out = counter(name, help);
        all.forEach((member, n) -> out.dataPoint(counterPoint(n, "member", member)));
        return out.build();
    }

    private static GaugeDataPointSnapshot gaugePoint(double value, String... labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }

    private static CounterDataPointSnapshot counterPoint(double value, String... labels) {
        return CounterDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static double[] withInfinity(double[] bounds) {
        double[] out = new double[bounds.length + 1];
        System.arraycopy(bounds, 0, out, 0, bounds.length);
        out[bounds.length] = Double.POSITIVE_INFINITY;
        return out;
    }
}
