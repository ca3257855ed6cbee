package io.guacdaffinity.admin;

import io.guacdaffinity.conf.AffinityConfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A recorded-style report of a class at work: 47 students over four guacd pods, one of them down
 * after a failed connect, bounded load on. Serialised by Jackson, as the web application does.
 */
final class SampleStatus {

    static final long NOW = Instant.parse("2026-11-27T09:41:05Z").toEpochMilli();

    private SampleStatus() {
    }

    static StatusReport report() {
        Map<String, String> props = new HashMap<>();
        props.put("guacd-affinity-srv", "_guacd._tcp.guacd-headless.guacamole.svc.cluster.local");
        props.put("guacd-affinity-srv-host-template", "guacd-{ordinal}.guacamole.svc.cluster.local");
        props.put("guacd-affinity-load-factor", "1.25");
        props.put("guacd-affinity-members", "guacd-0.guacamole.svc.cluster.local");
        AffinityConfig config = AffinityConfig.from(props::get);

        StatusReport r = new StatusReport();
        r.generatedAt = NOW;
        r.members.add(new MemberStatus("guacd-stateful-0", "guacd-0.guacamole.svc.cluster.local", 4822, 1, null, 16, 15, 20L)
                .checked(NOW - 2_000, true, null, 1_400_000, 0));
        r.members.add(new MemberStatus("guacd-stateful-1", "guacd-1.guacamole.svc.cluster.local", 4822, 1, null, 14, 14, 20L)
                .checked(NOW - 2_000, true, null, 1_100_000, 0));
        r.members.add(new MemberStatus("guacd-stateful-2", "guacd-2.guacamole.svc.cluster.local", 4822, 1, null, 17, 16, 20L)
                .checked(NOW - 2_000, true, null, 900_000, 0));
        r.members.add(new MemberStatus("guacd-stateful-3", "guacd-3.guacamole.svc.cluster.local", 4822, 1,
                NOW + 21_000, 0, 0, 20L).checked(NOW - 2_000, false, "Connection refused", 700_000, 3));
        r.healthCheckSeconds = 5;
        r.membership = new MembershipReport("SRV", NOW - 3_000, null, NOW + 27_000);
        r.loadCeiling = 20;
        String[][] who = {
            { "student07", "guacd-stateful-2", "2" }, { "teacher", "guacd-stateful-0", "2" },
            { "student01", "guacd-stateful-0", "1" }, { "student02", "guacd-stateful-1", "1" },
            { "student03", "guacd-stateful-2", "1" }, { "student04", "guacd-stateful-1", "1" },
            { "student05", "guacd-stateful-0", "1" }, { "student06", "guacd-stateful-2", "1" },
        };
        for (int i = 0; i < who.length; i++)
            r.placements.add(new LiveKeyRow("user:" + who[i][0], who[i][1],
                    i == 3 ? "guacd-stateful-3" : who[i][1], Integer.parseInt(who[i][2])));
        r.notes.add("JDBC balancing groups and JSON auth connect through their own provider: a decorator cannot"
                + " reach the tunnels they open");
        r.settings.addAll(EffectiveSettings.of(config));
        r.counters = counters();
        return r;
    }

    /** Running totals as ReplicaCounters reports them: one member failed over its users once. */
    private static ReplicaCounters counters() {
        ReplicaCounters c = new ReplicaCounters();
        ReplicaCounters.MemberTotals m = new ReplicaCounters.MemberTotals();
        for (String[] reason : new String[][] {{"home", "41"}, {"live", "12"}, {"spill", "3"}, {"failover", "0"}})
            m.connects.put(reason[0], Long.parseLong(reason[1]));
        m.failures.put("unreachable", 0L);
        m.meanConnectMillis = 3.4;
        c.members.put("guacd-stateful-0", m);
        ReplicaCounters.MemberTotals down = new ReplicaCounters.MemberTotals();
        down.connects.put("home", 7L);
        down.failures.put("unreachable", 2L);
        down.markedDown = 1;
        c.members.put("guacd-stateful-3", down);
        c.srvLookups.put("answered", 212L);
        c.srvLookups.put("empty", 0L);
        c.srvLookups.put("failed", 1L);
        c.ringChanges = 2;
        c.metricsPort = 9464;
        return c;
    }

    /**
     * The same pods with bounded load off and a static list, the way a plain Tomcat installation
     * runs: no next refresh, bars against the busiest member.
     */
    static StatusReport staticList() {
        Map<String, String> props = new HashMap<>();
        props.put("guacd-affinity-members", "guacd-a=10.0.0.11, guacd-b=10.0.0.12");
        props.put("guacd-affinity-load-factor", "0");
        AffinityConfig config = AffinityConfig.from(props::get);

        StatusReport r = new StatusReport();
        r.generatedAt = NOW;
        r.members.add(new MemberStatus("guacd-a", "10.0.0.11", 4822, 1, null, 1, 1, null));
        r.members.add(new MemberStatus("guacd-b", "10.0.0.12", 4822, 1, null, 4, 3, null));
        r.membership = new MembershipReport("STATIC", NOW - 3_600_000, null, null);
        r.placements.add(new LiveKeyRow("user:probeuser", "guacd-a", "guacd-a", 1));
        r.settings.addAll(EffectiveSettings.of(config));
        return r;
    }

    /** explain for a user no data source has, as the resource answers it. */
    static RouteExplanation explanation() {
        RouteExplanation e = new RouteExplanation();
        e.user = "nosuchuser";
        e.connection = "12";
        e.dataSource = "postgresql";
        e.keyMode = "user";
        e.key = "user:nosuchuser";
        e.member = "guacd-stateful-1";
        e.host = "guacd-1.guacamole.svc.cluster.local";
        e.port = 4822;
        e.reason = "HOME";
        e.detail = "home: the first member of the key's preference list";
        e.failoverOrder.add("guacd-stateful-2");
        e.failoverOrder.add("guacd-stateful-0");
        e.userKnown = false;
        e.loggedInHere = false;
        e.hints.add("No data source visible to you (postgresql) has a user \"nosuchuser\", and no login of that"
                + " name is open on this Guacamole server: check the spelling. The answer is where a user of that"
                + " name would go.");
        return e;
    }

    static String json(Object value) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
