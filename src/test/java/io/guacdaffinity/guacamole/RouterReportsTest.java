package io.guacdaffinity.guacamole;

import io.guacdaffinity.admin.MemberStatus;
import io.guacdaffinity.admin.LiveKeyRow;
import io.guacdaffinity.admin.RouterReports;
import io.guacdaffinity.admin.StatusReport;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;

import org.apache.guacamole.net.GuacamoleTunnel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report over a running router: loads, capacities, live keys, and a member that left with tunnels on it. */
class RouterReportsTest {

    private RoutedGuacds guacds;

    @AfterEach
    void stop() {
        if (guacds != null)
            guacds.close();
    }

    private static MemberStatus member(StatusReport r, String name) {
        return r.members.stream().filter(m -> m.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + r.members.size() + " members"));
    }

    @Test
    void liveTunnelsCapacitiesAndAMemberThatLeftTheRing() throws Exception {
        guacds = RoutedGuacds.start(3, Map.of("guacd-affinity-load-factor", "1.25"));
        RouterReports source = (RouterReports) guacds.provider.getStatus();
        List<GuacamoleTunnel> tunnels = new ArrayList<>();
        for (int i = 0; i < 6; i++)
            tunnels.add(guacds.connect(guacds.login("u" + i), "desktop", "u" + i));

        StatusReport before = source.report();
        assertEquals(6, before.members.stream().mapToInt(m -> m.liveTunnels).sum());
        assertEquals(6, before.placements.size());
        // ceil(1.25 x (6 + 1) x 1 / 3) = 3 for every member of weight 1.
        assertEquals(Integer.valueOf(3), before.loadCeiling);
        assertTrue(before.members.stream().allMatch(m -> m.capacity == 3L), "capacity per member");
        for (LiveKeyRow p : before.placements) {
            assertEquals("user", p.keyMode);
            assertEquals("user:" + p.user, p.key);
            assertEquals(1, p.liveTunnels);
            assertEquals(guacds.ring.get().route(p.key).name(), p.home);
        }

        // Scale down: the member hosting u0 leaves the ring while u0's tunnel stays open.
        String leaving = guacds.servedBy(tunnels.get(0));
        List<Member> rest = guacds.ring.get().members().stream().filter(m -> !m.name().equals(leaving))
                .collect(Collectors.toList());
        guacds.ring.set(HashRing.of(rest, guacds.config.virtualNodes()));

        StatusReport after = source.report();
        MemberStatus left = member(after, leaving);
        assertEquals("left", left.health);
        assertNull(left.host);
        assertNull(left.capacity);
        assertEquals(member(before, leaving).liveTunnels, left.liveTunnels);
        assertEquals(3, after.members.size());
        assertEquals(2, after.members.stream().filter(m -> m.health.equals("up")).count());
        assertTrue(source.memberNames().containsAll(rest.stream().map(Member::name).collect(Collectors.toList())));
        assertEquals(2, source.memberNames().size());

        for (GuacamoleTunnel t : tunnels)
            t.close();
        StatusReport closed = source.report();
        assertEquals(2, closed.members.size(), "a member that left and has no tunnels is no longer listed");
        assertEquals(List.of(), closed.placements, "a key is listed only while it has live tunnels");
    }
}
