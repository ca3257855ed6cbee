package io.guacdaffinity.guacamole;

import io.guacdaffinity.admin.ReplicaCounters;
import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.testing.CapturedLog;
import io.guacdaffinity.testing.GuacdDouble;

import org.apache.guacamole.net.GuacamoleTunnel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The metrics endpoint of a running extension, scraped over loopback while users connect to guacd doubles. */
class MetricsEndpointTest extends GuacdsPerTest {

    @Test
    void withThePortOffTheExtensionListensOnNothing() throws Exception {
        Set<Integer> before = ListeningPorts.ofThisProcess();
        guacds = RoutedGuacds.start(2);
        Set<Integer> opened = newPorts(before);
        assertEquals(Set.of(), opened, "ports opened besides the guacd doubles'");
        assertEquals(0, guacds.service.metricsPort());
    }

    @Test
    void withThePortOnTheExtensionListensOnItAloneAndStopsWithTheProvider() throws Exception {
        int port = freePort();
        Set<Integer> before = ListeningPorts.ofThisProcess();
        guacds = RoutedGuacds.start(2, onLoopback(port));
        assertEquals(Set.of(port), newPorts(before));
        assertEquals(port, guacds.service.metricsPort());
        guacds.close();
        guacds = null;
        assertFalse(ListeningPorts.ofThisProcess().contains(port), "still listening after the provider's shutdown");
    }

    @Test
    void aPortInUseIsAnErrorNamingItAndRoutingGoesOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             CapturedLog log = CapturedLog.start()) {
            int port = taken.getLocalPort();
            guacds = RoutedGuacds.start(2, onLoopback(port));
            List<String> errors = new ArrayList<>();
            for (String line : log.lines()) {
                if (line.contains(" ERROR ") && line.contains("metrics"))
                    errors.add(line);
            }
            assertEquals(1, errors.size(), log.lines().toString());
            String error = errors.get(0);
            assertTrue(error.contains("127.0.0.1:" + port), error);
            assertTrue(error.contains(AffinityConfig.METRICS_PORT.name() + " = " + port), error);
            assertTrue(error.contains("routing goes on"), error);
            assertEquals(0, guacds.service.metricsPort());

            GuacamoleTunnel tunnel = guacds.connect(guacds.login("alice"), "desktop", "alice");
            assertNotNull(guacds.servedBy(tunnel), "a guacd double served the connect");
        }
    }

    @Test
    void theExpositionHoldsTheRoutersCountsAndNamesNoUser() throws Exception {
        int port = freePort();
        guacds = RoutedGuacds.start(3, onLoopback(port));
        int users = 12;
        for (int i = 0; i < users; i++) {
            String user = "metrics-user-" + i;
            guacds.connect(guacds.login(user), "desktop", user);
        }
        Exposition e = Exposition.scrape(port);

        for (GuacdDouble d : guacds.doubles) {
            double live = guacds.service.router().loads().liveTunnels(d.name());
            assertEquals(live, e.value("guacd_affinity_live_tunnels", "member", d.name()), d.name());
            assertEquals(1.0, e.value("guacd_affinity_member_state", "member", d.name(), "state", "up"), d.name());
            assertEquals(live, e.value("guacd_affinity_connect_duration_seconds_count", "member", d.name()),
                    d.name());
        }
        assertEquals(users, e.sum("guacd_affinity_live_tunnels"));
        assertEquals(users, e.sum("guacd_affinity_connects_total"));
        assertEquals(users, e.sum("guacd_affinity_connect_duration_seconds_count"));
        assertEquals(users, e.value("guacd_affinity_live_keys"));
        assertEquals(3.0, e.value("guacd_affinity_ring_members"));
        assertEquals((double) guacds.ring.get().pointCount(), e.value("guacd_affinity_ring_points"));
        assertNotNull(e.value("guacd_affinity_member_capacity", "member", "guacd-stateful-0"));
        assertFalse(e.text.contains("metrics-user-"), "the exposition names a user");
        assertFalse(e.text.contains("10.1.0."), "the exposition names a client address");
        assertFalse(e.text.contains("desktop"), "the exposition names a connection");

        guacds.closeAll();
        Exposition after = Exposition.scrape(port);
        assertEquals(0, after.sum("guacd_affinity_live_tunnels"));
        assertEquals(users, after.sum("guacd_affinity_connects_total"), "counters only grow");
    }

    @Test
    void aMemberThatRefusesIsCountedAsUnreachableAndMarkedDown() throws Exception {
        int port = freePort();
        guacds = RoutedGuacds.pureRing(3, onLoopback(port));
        String home = stopHomeOf("bob");
        GuacamoleTunnel tunnel = guacds.connect(guacds.login("bob"), "desktop", "bob");
        String servedBy = guacds.servedBy(tunnel);
        Exposition e = Exposition.scrape(port);
        assertEquals(1.0, e.value("guacd_affinity_connect_failures_total", "member", home, "cause", "unreachable"), e.text);
        assertEquals(1.0, e.value("guacd_affinity_marked_down_total", "member", home));
        assertEquals(1.0, e.value("guacd_affinity_member_state", "member", home, "state", "down"));
        assertEquals(1.0, e.value("guacd_affinity_connects_total", "member", servedBy, "reason", "failover"));
        assertEquals(1.0, e.value("guacd_affinity_connects_total", "member", home, "reason", "home"));
    }

    @Test
    void theStatusReportShowsTheFiguresTheExpositionHas() throws Exception {
        int port = freePort();
        guacds = RoutedGuacds.pureRing(3, onLoopback(port));
        String home = stopHomeOf("dave");
        for (String user : List.of("dave", "erin", "frank", "grace"))
            guacds.connect(guacds.login(user), "desktop", user);

        ReplicaCounters counters = guacds.provider.getStatus().report().counters;
        Exposition e = Exposition.scrape(port);
        assertEquals(port, counters.metricsPort);
        assertFalse(counters.members.isEmpty());
        for (Map.Entry<String, ReplicaCounters.MemberTotals> m : counters.members.entrySet()) {
            String name = m.getKey();
            m.getValue().connects.forEach((reason, n) -> assertEquals((double) n,
                    e.value("guacd_affinity_connects_total", "member", name, "reason", reason), name + " " + reason));
            m.getValue().failures.forEach((cause, n) -> assertEquals((double) n,
                    e.value("guacd_affinity_connect_failures_total", "member", name, "cause", cause), name + " " + cause));
            assertEquals((double) m.getValue().markedDown, e.value("guacd_affinity_marked_down_total", "member", name));
        }
        assertEquals(1L, counters.members.get(home).markedDown);
        assertEquals(1L, counters.members.get(home).failures.get("unreachable"));
    }

    @Test
    void promtoolAcceptsTheExpositionAndOpenMetricsIsServedOnRequest() throws Exception {
        int port = freePort();
        guacds = RoutedGuacds.start(2, onLoopback(port));
        guacds.connect(guacds.login("carol"), "desktop", "carol");
        Exposition text = Exposition.scrape(port);
        Exposition.Verdict verdict = text.promtoolCheck();
        assertEquals(0, verdict.code, verdict.output + "\n" + text.text);
        assertTrue(text.contentType.startsWith("text/plain; version=0.0.4"), text.contentType);

        Exposition open = Exposition.scrape(port, "application/openmetrics-text; version=1.0.0");
        assertTrue(open.contentType.startsWith("application/openmetrics-text"), open.contentType);
        assertTrue(open.text.endsWith("# EOF\n"), open.text);
        assertEquals(1.0, open.sum("guacd_affinity_connects_total"));
    }

    /** Connects {@code user} once to learn which member is its home, then stops that member: it refuses from now on. */
    private String stopHomeOf(String user) throws Exception {
        GuacamoleTunnel first = guacds.connect(guacds.login(user), "desktop", user);
        String home = guacds.servedBy(first);
        first.close();
        guacds.byName(home).close();
        return home;
    }

    static Map<String, String> onLoopback(int port) {
        return Map.of("guacd-affinity-metrics-port", String.valueOf(port),
                "guacd-affinity-metrics-address", "127.0.0.1");
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    private Set<Integer> newPorts(Set<Integer> before) throws IOException {
        Set<Integer> now = new HashSet<>(ListeningPorts.ofThisProcess());
        now.removeAll(before);
        for (GuacdDouble d : guacds.doubles)
            now.remove(d.port());
        return now;
    }
}
