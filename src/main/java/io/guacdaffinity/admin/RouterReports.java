package io.guacdaffinity.admin;

import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.guacamole.AffinityService;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.AffinityKey;
import io.guacdaffinity.routing.HealthChecker;
import io.guacdaffinity.routing.LiveKeys;
import io.guacdaffinity.routing.RouteDecision;
import io.guacdaffinity.routing.RoutePlan;
import io.guacdaffinity.routing.Router;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The admin view of the running router: its ring, health, loads and live keys, and explain answers
 * decided by the same {@link RoutePlan} and {@link Router#decide} a connect uses, without counting
 * or marking anything.
 */
public final class RouterReports implements AdminReports {

    private final AffinityService service;
    private final LongSupplier clock;

    public RouterReports(AffinityService service, LongSupplier clock) {
        this.service = service;
        this.clock = clock;
    }

    @Override
    public StatusReport report() {
        StatusReport r = new StatusReport();
        r.generatedAt = clock.getAsLong();
        r.membership = MembershipReport.of(service.membershipStatus());
        r.notes.addAll(service.notes().list());
        Router router = service.router();
        r.settings.addAll(EffectiveSettings.of(service.config()));
        r.counters = ReplicaCounters.of(service);

        HashRing ring = router.ring();
        Map<String, Long> down = router.health().downMembers();
        Map<String, Integer> live = router.loads().snapshot();
        List<LiveKeys.LiveKey> liveKeys = router.liveKeys().snapshot();
        Map<String, Integer> keysOn = new HashMap<>();
        for (LiveKeys.LiveKey k : liveKeys)
            keysOn.merge(k.member(), 1, Integer::sum);

        Optional<HealthChecker> checker = service.healthChecker();
        Map<String, HealthChecker.CheckResult> checks = checker.map(HealthChecker::results)
                .orElse(Collections.emptyMap());
        checker.ifPresent(c -> r.healthCheckSeconds = (int) (c.intervalMillis() / 1000));
        Set<String> inRing = new HashSet<>();
        if (ring != null) {
            boolean bounded = router.loadFactor() > 1.0;
            for (Member m : ring.members()) {
                inRing.add(m.name());
                MemberStatus status = new MemberStatus(m.name(), m.host(), m.port(), m.weight(), down.get(m.name()),
                        live.getOrDefault(m.name(), 0), keysOn.getOrDefault(m.name(), 0),
                        bounded ? router.capacity(ring, m.weight()) : null);
                HealthChecker.CheckResult check = checks.get(m.name());
                if (check != null)
                    status.checked(check.atMillis(), check.ok(), check.error(), check.nanos(), check.failuresInARow());
                r.members.add(status);
            }
            if (bounded)
                r.loadCeiling = (int) router.capacity(ring, 1);
        }
        for (Map.Entry<String, Integer> e : live.entrySet()) {
            if (!inRing.contains(e.getKey()))
                r.members.add(MemberStatus.departed(e.getKey(), e.getValue(), keysOn.getOrDefault(e.getKey(), 0)));
        }

        for (LiveKeys.LiveKey k : liveKeys) {
            String home = ring == null ? null : ring.route(k.key()).name();
            r.placements.add(new LiveKeyRow(k.key(), k.member(), home, k.tunnels()));
        }
        r.placements.sort(Comparator.comparingInt((LiveKeyRow p) -> -p.liveTunnels)
                .thenComparing(p -> p.key));
        return r;
    }

    /**
     * @throws IllegalArgumentException when the connection is routed by a client-ip key and the query has no address
     */
    @Override
    public RouteExplanation explain(ExplainQuery q) {
        RouteExplanation e = RouteExplanation.of(q);
        Router router = service.router();
        HashRing ring = router.ring();
        RoutePlan plan = RoutePlan.of(q.affinity(), service.config().keyMode(), ring);
        if (plan.off())
            return e.off("the connection's affinity key is off: it uses its provider's own guacd settings");
        KeyMode mode = plan.keyMode();
        e.keyMode = mode.value();
        if (mode == KeyMode.SESSION && plan.fixedMember() == null) {
            e.detail = "keyed on session: every login has a key of its own, so the member depends on the login;"
                    + " see who is where for the logins there are";
            return e;
        }
        if (mode == KeyMode.CLIENT_IP && plan.fixedMember() == null
                && (q.clientAddress() == null || q.clientAddress().trim().isEmpty()))
            throw new IllegalArgumentException("connection " + q.connection() + " is keyed on client-ip:"
                    + " add clientAddress=<the address the user connects from>");
        AffinityKey key = AffinityKey.of(mode, q.username(), null,
                q.clientAddress() == null ? null : q.clientAddress().trim(), q.dataSource() + "/" + q.connection());
        e.key = mode == KeyMode.SESSION ? null : key.text();
        String stale = plan.staleMember() == null ? ""
                : "the connection's fixed guacd member " + plan.staleMember() + " is not in the ring, so it routes"
                        + " by its key; ";

        if (plan.fixedMember() != null) {
            Member m = ring.member(plan.fixedMember());
            member(e, m);
            e.reason = RouteDecision.Reason.FIXED.name();
            if (key.value().isEmpty())
                e.key = null;
            Long until = router.health().downMembers().get(m.name());
            e.detail = "the connection's fixed guacd member" + (until == null ? ""
                    : "; it is marked down until " + time(until) + " and is tried anyway (a fixed member has no"
                            + " failover)");
            return e;
        }
        RouteDecision d = router.decide(key);
        if (d == null) {
            e.reason = "NO_MEMBER";
            e.detail = stale + "no guacd member is known: the ring is empty";
            return e;
        }
        member(e, d.member());
        e.reason = d.reason().name();
        e.detail = stale + describe(d, router);
        Map<String, Long> down = router.health().downMembers();
        for (Member m : router.failoverOrder(key, d.member())) {
            e.failoverOrder.add(m.name());
            if (down.containsKey(m.name()))
                e.failoverDown.add(m.name());
        }
        return e;
    }

    private static void member(RouteExplanation e, Member m) {
        e.member = m.name();
        e.host = m.host();
        e.port = m.port();
    }

    private static String describe(RouteDecision d, Router router) {
        List<String> skipped = new ArrayList<>();
        for (RouteDecision.Step s : d.steps()) {
            if (s.outcome() != RouteDecision.Outcome.CHOSEN)
                skipped.add(s.toString());
        }
        String looked = skipped.isEmpty() ? "" : " (" + String.join(", ", skipped) + ")";
        switch (d.reason()) {
            case LIVE:
                return "the key has live tunnels on this member, so a new one joins them" + looked;
            case SPILL:
                return "spilled: earlier members of the key's preference list are at their bounded-load capacity"
                        + looked;
            case FAILOVER:
                return "failed over: earlier members of the key's preference list are marked down" + looked;
            case HOME:
            default:
                return "home: the first member of the key's preference list" + looked;
        }
    }

    private static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
