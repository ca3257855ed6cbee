package io.guacdaffinity.ring;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Errors, preference lists, filters and the allocation-free lookup. */
class HashRingTest {

    private static final HashRing FIVE = HashRing.of(RingFixtures.members(RingFixtures.statefulNames(5)));

    private static String message(Runnable build) {
        return assertThrows(IllegalArgumentException.class, build::run).getMessage();
    }

    @Test
    void emptyRingIsRejected() {
        assertEquals("a ring needs at least one member; none were given",
                message(() -> HashRing.of(Collections.emptyList())));
        assertEquals("a ring needs at least one member; none were given", message(() -> HashRing.of(null)));
    }

    @Test
    void duplicateNamesAreRejectedEvenWithDifferentAddresses() {
        List<Member> members = List.of(new Member("guacd-stateful-0", "10.0.0.1", 4822, 1),
                new Member("guacd-stateful-1", "10.0.0.2", 4822, 1),
                new Member("guacd-stateful-0", "10.0.0.9", 4823, 1));
        assertEquals("member name \"guacd-stateful-0\" is given twice (guacd-stateful-0=10.0.0.1:4822 and"
                + " guacd-stateful-0=10.0.0.9:4823); names must be unique", message(() -> HashRing.of(members)));
    }

    @Test
    void weightsBelowOneAreRejected() {
        assertEquals("member \"guacd-stateful-0\": weight 0 is not accepted (a whole number of at least 1)",
                message(() -> new Member("guacd-stateful-0", "10.0.0.1", 4822, 0)));
        assertEquals("member \"guacd-stateful-0\": weight -3 is not accepted (a whole number of at least 1)",
                message(() -> new Member("guacd-stateful-0", "10.0.0.1", 4822, -3)));
    }

    @Test
    void tooManyPointsAreRejectedBeforeAllocating() {
        List<Member> members = List.of(RingFixtures.member("guacd-a", 1), RingFixtures.member("guacd-huge", 20_000));
        assertEquals("ring would need 30001500 points (2 members, total weight 20001, 1500 virtual nodes per"
                + " weight); at most 4000000 are accepted: lower the weights or the virtual nodes",
                message(() -> HashRing.of(members)));
    }

    @Test
    void theCapsAreInclusive() {
        List<Member> thousand = new ArrayList<>();
        for (int i = 0; i < HashRing.MAX_MEMBERS; i++)
            thousand.add(RingFixtures.member("m" + i));
        assertNull(HashRing.sizeProblem(thousand, 4000), "1000 x 4000 = 4,000,000 points");
        assertEquals("ring would need 4001000 points (1000 members, total weight 1000, 4001 virtual nodes per weight);"
                + " at most 4000000 are accepted: lower the weights or the virtual nodes",
                HashRing.sizeProblem(thousand, 4001));
        assertEquals(1000, HashRing.of(thousand, 1).size());
        thousand.add(RingFixtures.member("m1000"));
        assertEquals("1001 members given; at most 1000 are accepted", HashRing.sizeProblem(thousand, 1));
    }

    @Test
    void tooManyMembersAndBadVirtualNodesAreRejected() {
        List<Member> many = new ArrayList<>();
        for (int i = 0; i <= HashRing.MAX_MEMBERS; i++)
            many.add(RingFixtures.member("m" + i));
        assertEquals("1001 members given; at most 1000 are accepted", message(() -> HashRing.of(many, 1)));
        assertEquals("virtual nodes 0 is not accepted (a whole number of at least 1)",
                message(() -> HashRing.of(List.of(RingFixtures.member("a")), 0)));
        assertTrue(message(() -> HashRing.of(Arrays.asList(RingFixtures.member("a"), null)))
                .startsWith("the member list contains a null entry"));
    }

    @Test
    void oneMemberOwnsEverything() {
        HashRing ring = HashRing.of(List.of(RingFixtures.member("guacd-only")));
        for (int k = 0; k < 1000; k++)
            assertEquals("guacd-only", ring.route("k" + k).name());
        assertEquals(List.of(ring.member("guacd-only")), ring.preferenceList("k"));
    }

    @Test
    void preferenceListIsDistinctCompleteAndStartsWithTheOwner() {
        for (int k = 0; k < 2000; k++) {
            String key = "student-" + k;
            List<Member> order = FIVE.preferenceList(key);
            assertEquals(5, order.size());
            assertEquals(5, new HashSet<>(order).size(), "distinct: " + order);
            assertSame(FIVE.route(key), order.get(0));
            assertEquals(order.subList(0, 2), FIVE.preferenceList(key, 2));
        }
        assertEquals(List.of(), FIVE.preferenceList("k", 0));
        assertEquals(5, FIVE.preferenceList("k", 99).size());
    }

    @Test
    void secondChoicesAreSpreadOverTheOtherMembers() {
        // Failover of one member's keys must not pile onto a single neighbour.
        String owner = "guacd-stateful-0";
        int[] second = new int[5];
        int owned = 0;
        for (int k = 0; k < 50_000; k++) {
            List<Member> order = FIVE.preferenceList("student-" + k, 2);
            if (order.get(0).name().equals(owner)) {
                owned++;
                second[FIVE.members().indexOf(order.get(1))]++;
            }
        }
        // An equal split would give each of the other four 25%; a ring with few points per member
        // would hand most of them to one or two neighbours.
        assertEquals(0, second[0]);
        for (int i = 1; i < 5; i++) {
            double share = second[i] / (double) owned;
            assertTrue(share > 0.15 && share < 0.35, "second choices " + Arrays.toString(second));
        }
    }

    @Test
    void aWalkMeetsTheMembersInPreferenceOrder() {
        for (HashRing ring : List.of(FIVE, HashRing.of(RingFixtures.members(RingFixtures.statefulNames(100)), 50))) {
            for (int k = 0; k < 50; k++) {
                String key = "student-" + k;
                int start = ring.walkStart(HashRing.hashKey(key));
                List<Member> met = new ArrayList<>();
                for (int step = 0; step < ring.pointCount() && met.size() < ring.size(); step++) {
                    Member m = ring.memberAt(ring.memberIndexAt(start, step));
                    if (!met.contains(m))
                        met.add(m);
                }
                assertEquals(ring.preferenceList(key), met);
                assertEquals(ring.indexOf(met.get(0).name()), ring.ownerIndexOfHash(HashRing.hashKey(key)));
            }
        }
        assertEquals(-1, FIVE.indexOf("no-such-member"));
    }

    @Test
    void membersAreInNameOrderAndFoundByName() {
        List<Member> given = new ArrayList<>(RingFixtures.members(List.of("c", "a", "b")));
        HashRing ring = HashRing.of(given);
        assertEquals(List.of("a", "b", "c"), ring.members().stream().map(Member::name).collect(
                java.util.stream.Collectors.toList()));
        assertEquals("b", ring.member("b").name());
        assertNull(ring.member("d"));
        assertTrue(ring.contains("a"));
        assertFalse(ring.contains("guacd"));
        assertEquals(3, ring.size());
        assertEquals(3L * HashRing.DEFAULT_VIRTUAL_NODES, ring.pointCount());
        given.clear();
        assertEquals(3, ring.size(), "the ring keeps its own copy");
    }

    @Test
    void routeAllocatesNothing() {
        String[] keys = new String[4096];
        for (int i = 0; i < keys.length; i++)
            keys[i] = "student-" + i;
        for (HashRing ring : List.of(FIVE, HashRing.of(RingFixtures.members(RingFixtures.statefulNames(100)), 100))) {
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().getId();
            int calls = 200_000;
            long sink = 0;
            for (int i = 0; i < calls; i++)  // warm up: class loading and profiling allocate
                sink += ring.route(keys[i & 4095]).port();
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < calls; i++)
                sink += ring.route(keys[i & 4095]).port();
            long routeBytes = threads.getThreadAllocatedBytes(thread) - before;
            assertEquals(2L * calls * 4822, sink);
            // One allocated object per call would be at least 16 bytes x 200,000 calls.
            assertTrue(routeBytes < calls, ring.size() + " members: route allocated " + routeBytes
                    + " bytes over " + calls + " calls");
        }
    }
}
