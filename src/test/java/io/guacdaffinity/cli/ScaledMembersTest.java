package io.guacdaffinity.cli;

import io.guacdaffinity.ring.Member;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaledMembersTest {

    private static final List<Member> SEED = List.of(
            new Member("guacd-stateful-0", "guacd-0.guacamole.svc.cluster.local", 4822),
            new Member("guacd-stateful-1", "guacd-1.guacamole.svc.cluster.local", 4822),
            new Member("guacd-stateful-2", "guacd-2.guacamole.svc.cluster.local", 4822));

    @Test
    void growsLikeAStatefulSetWithHostsFollowingTheOrdinal() {
        ScaledMembers scaled = ScaledMembers.of(SEED);
        assertTrue(scaled.statefulSet());
        List<Member> five = scaled.resize(5);
        assertEquals(SEED, five.subList(0, 3));
        assertEquals(new Member("guacd-stateful-3", "guacd-3.guacamole.svc.cluster.local", 4822), five.get(3));
        assertEquals(new Member("guacd-stateful-4", "guacd-4.guacamole.svc.cluster.local", 4822), five.get(4));
        assertEquals("guacd-stateful-9", scaled.resize(10).get(9).name());
        assertEquals("guacd-9.guacamole.svc.cluster.local", scaled.resize(10).get(9).host());
    }

    @Test
    void shrinksFromTheHighestOrdinalWhateverTheGivenOrder() {
        List<Member> shuffled = List.of(SEED.get(2), SEED.get(0), SEED.get(1));
        ScaledMembers scaled = ScaledMembers.of(shuffled);
        assertEquals(SEED.get(2), scaled.last());
        assertEquals(SEED.subList(0, 2), scaled.resize(2));
        assertEquals(SEED.subList(0, 1), scaled.resize(1));
        assertThrows(IllegalArgumentException.class, () -> scaled.resize(0));
    }

    @Test
    void headlessServiceHostsAndPaddedOrdinalsArePreserved() {
        List<Member> pods = List.of(
                new Member("node-08", "node-08.guacd-headless.ns.svc.cluster.local", 4900, 2),
                new Member("node-09", "node-09.guacd-headless.ns.svc.cluster.local", 4900, 2));
        List<Member> four = ScaledMembers.of(pods).resize(4);
        assertEquals(new Member("node-10", "node-10.guacd-headless.ns.svc.cluster.local", 4900, 2), four.get(2));
        assertEquals(new Member("node-11", "node-11.guacd-headless.ns.svc.cluster.local", 4900, 2), four.get(3));
    }

    @Test
    void hostsWithoutTheOrdinalOrWithAddressesUseTheNewName() {
        List<Member> byAddress = List.of(new Member("guacd-0", "10.0.0.7", 4822), new Member("guacd-1", "10.0.0.8", 4822));
        assertEquals(new Member("guacd-2", "guacd-2", 4822), ScaledMembers.of(byAddress).resize(3).get(2));
        List<Member> fixedHost = List.of(new Member("g-0", "guacd.example.org", 4822), new Member("g-1", "guacd.example.org", 4823));
        assertEquals(new Member("g-2", "g-2", 4823), ScaledMembers.of(fixedHost).resize(3).get(2));
    }

    @Test
    void namesWithoutASharedOrdinalPatternGrowByNewNames() {
        List<Member> mixed = List.of(new Member("alpha", "a.example", 4822), new Member("beta", "b.example", 4823, 3));
        ScaledMembers scaled = ScaledMembers.of(mixed);
        assertFalse(scaled.statefulSet());
        assertEquals(mixed.get(1), scaled.last());
        List<Member> four = scaled.resize(4);
        assertEquals(new Member("new-1", "new-1", 4823, 3), four.get(2));
        assertEquals(new Member("new-2", "new-2", 4823, 3), four.get(3));
        // Different prefixes are not one StatefulSet.
        assertFalse(ScaledMembers.of(List.of(new Member("a-1", "h", 1), new Member("b-2", "h", 1))).statefulSet());
    }

    @Test
    void ordinalNamesWithoutADashScaleButAreNotCalledPods() {
        List<Member> ips = List.of(new Member("10.0.0.1", "10.0.0.1", 4822), new Member("10.0.0.2", "10.0.0.2", 4822));
        ScaledMembers scaled = ScaledMembers.of(ips);
        assertFalse(scaled.statefulSet());
        assertEquals(new Member("10.0.0.3", "10.0.0.3", 4822), scaled.resize(3).get(2));
    }
}
