package io.guacdaffinity.guacamole;

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
        r.members.add(new MemberStatus("guacd-stateful-0", "guacd-0.guacamole.svc.cluster.local", 4822, 1, null, 16, 15, 20L));
        r.members.add(new MemberStatus("guacd-stateful-1", "guacd-1.guacamole.svc.cluster.local", 4822, 1, null, 14, 14, 20L));
        r.members.add(new MemberStatus("guacd-stateful-2", "guacd-2.guacamole.svc.cluster.local", 4822, 1, null, 17, 16, 20L));
        r.members.add(new MemberStatus("guacd-stateful-3", "guacd-3.guacamole.svc.cluster.local", 4822, 1,
                NOW + 21_000, 0, 0, 20L));
        r.membership = new MembershipView("SRV", NOW - 3_000, null, NOW + 27_000);
        r.loadCeiling = 20;
        String[][] who = {
            { "student07", "guacd-stateful-2", "2" }, { "teacher", "guacd-stateful-0", "2" },
            { "student01", "guacd-stateful-0", "1" }, { "student02", "guacd-stateful-1", "1" },
            { "student03", "guacd-stateful-2", "1" }, { "student04", "guacd-stateful-1", "1" },
            { "student05", "guacd-stateful-0", "1" }, { "student06", "guacd-stateful-2", "1" },
        };
        for (int i = 0; i < who.length; i++)
            r.placements.add(new Placement("user:" + who[i][0], who[i][1],
                    i == 3 ? "guacd-stateful-3" : who[i][1], Integer.parseInt(who[i][2])));
        r.notes.add("JDBC balancing groups and JSON auth connect through their own provider: a decorator cannot"
                + " reach the tunnels they open");
        r.settings.addAll(EffectiveSettings.of(config));
        return r;
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
