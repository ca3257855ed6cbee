package io.guacdaffinity.guacamole;

import io.guacdaffinity.admin.MemberStatus;
import io.guacdaffinity.admin.LiveKeyRow;
import io.guacdaffinity.admin.RouterReports;
import io.guacdaffinity.admin.StatusReport;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.HealthChecker;

import org.apache.guacamole.net.GuacamoleTunnel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report over a running router: loads, capacities, live keys, and a member that left with tunnels on it. */
class RouterReportsTest extends GuacdsPerTest {

    private static MemberStatus member(StatusReport r, String name) {
        return r.members.stream().filter(m -> m.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + r.members.size() + " members"));
    }

    @Test
    void liveTunnelsCapacitiesAndAMemberThatLeftTheRing() throws Exception {
        guacds = RoutedGuacds.start(3, Map.of("guacd-affinity-load-factor", "1.25"));
        RouterReports reports = (RouterReports) guacds.provider.getStatus();
        List<GuacamoleTunnel> tunnels = new ArrayList<>();
        for (int i = 0; i < 6; i++)
            tunnels.add(guacds.connect(guacds.login("u" + i), "desktop", "u" + i));

        StatusReport before = reports.report();
        assertEquals(6, before.members.stream().mapToInt(m -> m.liveTunnels).sum());
        assertEquals(6, before.placements.size());
        // ceil(1.25 x (6 + 1) x 1 / 3) = 3 for every member of weight 1.
        assertEquals(Integer.valueOf(3), before.loadCeiling);
        assertTrue(before.members.stream().allMatch(m -> m.capacity == 3L), "capacity per member");
        for (LiveKeyRow p : before.placements) {
            assertTrue(p.key.matches("user:u[0-5]"), p.key);
            assertEquals(1, p.liveTunnels);
            assertEquals(guacds.ring.get().route(p.key).name(), p.home);
        }

        // Scale down: the member hosting u0 leaves the ring while u0's tunnel stays open.
        String leaving = guacds.servedBy(tunnels.get(0));
        List<Member> rest = guacds.ring.get().members().stream().filter(m -> !m.name().equals(leaving))
                .collect(Collectors.toList());
        guacds.ring.set(HashRing.of(rest, guacds.config.virtualNodes()));

        StatusReport after = reports.report();
        MemberStatus left = member(after, leaving);
        assertEquals("left", left.health);
        assertNull(left.host);
        assertNull(left.capacity);
        assertEquals(member(before, leaving).liveTunnels, left.liveTunnels);
        assertEquals(3, after.members.size());
        assertEquals(2, after.members.stream().filter(m -> m.health.equals("up")).count());
        assertEquals(rest.stream().map(Member::name).collect(Collectors.toSet()), after.members.stream()
                .filter(m -> !m.health.equals("left")).map(m -> m.name).collect(Collectors.toSet()));

        for (GuacamoleTunnel t : tunnels)
            t.close();
        StatusReport closed = reports.report();
        assertEquals(2, closed.members.size(), "a member that left and has no tunnels is no longer listed");
        assertEquals(List.of(), closed.placements, "a key is listed only while it has live tunnels");
    }

    /** Why a member is down, as the admin reads it: each member's last health check, its outcome and duration. */
    @Test
    void eachMemberShowsItsLastHealthCheck() throws Exception {
        guacds = RoutedGuacds.start(2, Map.of("guacd-affinity-health-interval", "3600"));
        RouterReports reports = (RouterReports) guacds.provider.getStatus();
        HealthChecker checker = guacds.service.healthChecker().orElseThrow();
        long deadline = System.currentTimeMillis() + 10_000;
        while (checker.results().size() < 2 && System.currentTimeMillis() < deadline)
            Thread.sleep(20);
        assertEquals(2, checker.results().size(), "the first round, started with the service, has ended");

        guacds.byName("guacd-stateful-1").stop();
        long before = System.currentTimeMillis();
        for (Member m : guacds.ring.get().members())
            checker.answersNow(m);
        StatusReport r = reports.report();

        assertEquals(Integer.valueOf(3600), r.healthCheckSeconds);
        MemberStatus up = member(r, "guacd-stateful-0");
        assertEquals(Boolean.TRUE, up.lastCheckPassed);
        assertNull(up.lastCheckError);
        assertEquals(0, up.failedChecksInARow);
        assertTrue(up.lastCheckAt >= before, "the check just made");
        assertTrue(up.lastCheckMillis >= 0 && up.lastCheckMillis < 10_000, String.valueOf(up.lastCheckMillis));
        MemberStatus stopped = member(r, "guacd-stateful-1");
        assertEquals(Boolean.FALSE, stopped.lastCheckPassed);
        assertTrue(stopped.lastCheckError.contains("refused"), stopped.lastCheckError);
        assertEquals(1, stopped.failedChecksInARow);
        assertEquals("up", stopped.health, "one failed check does not mark a member down");

        checker.answersNow(guacds.ring.get().member("guacd-stateful-1"));
        MemberStatus down = member(reports.report(), "guacd-stateful-1");
        assertEquals(2, down.failedChecksInARow);
        assertEquals("down", down.health);
    }

    @Test
    void withoutHealthChecksNoMemberHasACheck() throws Exception {
        guacds = RoutedGuacds.start(2);
        StatusReport r = guacds.provider.getStatus().report();
        assertNull(r.healthCheckSeconds);
        for (MemberStatus m : r.members) {
            assertNull(m.lastCheckAt);
            assertNull(m.lastCheckPassed);
        }
    }
}
