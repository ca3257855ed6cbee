package io.guacdaffinity.routing;

import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.RouteDecision.Outcome;
import io.guacdaffinity.routing.RouteDecision.Reason;
import io.guacdaffinity.routing.RouteDecision.Step;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouterTest {

    private static final long COOLDOWN = 30_000;

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final AtomicReference<HashRing> ring = new AtomicReference<>(ringOf("guacd-0", "guacd-1", "guacd-2"));

    private static HashRing ringOf(String... names) {
        List<Member> members = new ArrayList<>();
        for (String n : names)
            members.add(new Member(n, n + ".guacd.test", 4822));
        return HashRing.of(members, 200);
    }

    private Router router(int maxAttempts, double loadFactor) {
        return TestRouter.over(ring::get).attempts(maxAttempts).loadFactor(loadFactor).cooldownMillis(COOLDOWN)
                .clock(clock::get).build();
    }

    private Router router() {
        return router(3, 0);
    }

    private static AffinityKey user(String name) {
        return AffinityKey.of(KeyMode.USER, name);
    }

    /** Opens successfully wherever the router says; returns the routed member's name as the value. */
    private static Routed<String> open(Router r, AffinityKey key) throws NoMemberAvailableException {
        return r.open(key, Member::name);
    }

    /** A user whose ring owner is {@code owner}. */
    private AffinityKey userOwnedBy(String owner, int skip) {
        int found = 0;
        for (int i = 0; i < 10_000; i++) {
            AffinityKey k = user("u" + i);
            if (ring.get().route(k.text()).name().equals(owner) && found++ == skip)
                return k;
        }
        throw new AssertionError("no key owned by " + owner);
    }

    @Test
    void aSecondTabJoinsTheFirstAndTheKeyIsForgottenWithItsLastTunnel() throws Exception {
        Router r = router();
        for (int i = 0; i < 60; i++) {
            AffinityKey k = user("user" + i);
            Routed<String> first = open(r, k);
            assertEquals(ring.get().route(k.text()).name(), first.value());
            assertEquals(Reason.HOME, first.decision().reason());
            Routed<String> again = open(r, k);
            assertEquals(first.value(), again.value());
            assertEquals(Reason.LIVE, again.decision().reason());
            assertEquals(first.value(), r.liveKeys().memberOf(k.text()));
            first.lease().release();
            assertEquals(first.value(), r.liveKeys().memberOf(k.text()), "one tunnel of the key is still open");
            again.lease().release();
            assertNull(r.liveKeys().memberOf(k.text()), "the key outlived its last tunnel");
            assertEquals(Reason.HOME, open(r, k).decision().reason());
        }
    }

    @Test
    void ringChangeMovesNoLiveTunnelAndKeysFollowTheNewRingOnceTheirTunnelsClose() throws Exception {
        Router r = router();
        Map<AffinityKey, Routed<String>> before = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            AffinityKey k = user("user" + i);
            before.put(k, open(r, k));
        }
        ring.set(ringOf("guacd-0", "guacd-1", "guacd-2", "guacd-3", "guacd-4"));
        int ownerChanged = 0;
        for (Map.Entry<AffinityKey, Routed<String>> e : before.entrySet()) {
            Routed<String> tab = open(r, e.getKey());
            assertEquals(e.getValue().value(), tab.value(), "a second tab left the key's live tunnel " + e.getKey());
            assertEquals(Reason.LIVE, tab.decision().reason());
            if (!ring.get().route(e.getKey().text()).name().equals(e.getValue().value()))
                ownerChanged++;
            tab.lease().release();
            e.getValue().lease().release();
        }
        assertTrue(ownerChanged > 0, "the new ring should own some old keys elsewhere");
        int onAdded = 0;
        for (AffinityKey k : before.keySet()) {
            Routed<String> back = open(r, k);
            assertEquals(ring.get().route(k.text()).name(), back.value(), "an idle key did not follow the ring");
            if (back.value().equals("guacd-3") || back.value().equals("guacd-4"))
                onAdded++;
            back.lease().release();
        }
        assertEquals(ownerChanged, onAdded, "every key the new ring hands to the added members goes there");
    }

    @Test
    void liveTunnelsOnAMemberThatLeftTheRingDoNotHoldTheKey() throws Exception {
        Router r = router();
        AffinityKey k = userOwnedBy("guacd-1", 0);
        Routed<String> draining = open(r, k);
        ring.set(ringOf("guacd-0", "guacd-2"));
        Routed<String> moved = open(r, k);
        assertNotEquals("guacd-1", moved.value());
        assertEquals(ring.get().route(k.text()).name(), moved.value());
        assertEquals(Outcome.LEFT_RING, moved.decision().steps().get(0).outcome());
        assertEquals("guacd-1", draining.value(), "the first tunnel stays where it is");
        assertEquals(1, r.loads().liveTunnels("guacd-1"));
    }

    @Test
    void unreachableMemberIsMarkedDownSkippedDuringCooldownAndBackAfterIt() throws Exception {
        Router r = router();
        AffinityKey k = userOwnedBy("guacd-1", 0);
        List<String> tried = new ArrayList<>();
        Routed<String> routed = r.open(k, m -> {
            tried.add(m.name());
            if (m.name().equals("guacd-1"))
                throw new MemberUnreachableException("connection refused", null);
            return m.name();
        });
        List<Member> preference = ring.get().preferenceList(k.text());
        assertEquals(List.of("guacd-1", preference.get(1).name()), tried);
        assertEquals(preference.get(1).name(), routed.value());
        assertEquals(Reason.FAILOVER, routed.decision().reason());
        assertEquals(Outcome.UNREACHABLE, routed.decision().steps().get(0).outcome());
        assertTrue(r.health().isDown("guacd-1"));
        assertEquals(routed.value(), r.liveKeys().memberOf(k.text()), "the key's live tunnel is on the failover member");
        assertEquals(0, r.loads().liveTunnels("guacd-1"), "a failed attempt must not stay counted");

        AffinityKey other = userOwnedBy("guacd-1", 1);
        Routed<String> skipped = open(r, other);
        assertNotEquals("guacd-1", skipped.value());
        assertEquals(Reason.FAILOVER, skipped.decision().reason());
        assertEquals(Outcome.SKIPPED_DOWN, skipped.decision().steps().get(0).outcome());

        clock.addAndGet(COOLDOWN + 1);
        assertFalse(r.health().isDown("guacd-1"));
        AffinityKey fresh = userOwnedBy("guacd-1", 2);
        assertEquals("guacd-1", open(r, fresh).value());
        Routed<String> tab = open(r, k);
        assertEquals(routed.value(), tab.value(), "a second tab joins the failed-over tunnel while it is open");
        assertEquals(Reason.LIVE, tab.decision().reason());
        tab.lease().release();
        routed.lease().release();
        Routed<String> home = open(r, k);
        assertEquals("guacd-1", home.value(), "a failed-over key goes home once home is usable and its tunnels closed");
        assertEquals(Reason.HOME, home.decision().reason());
    }

    @Test
    void whenEveryMemberFailsTheErrorNamesEachTriedAndWhy() {
        Router r = router(3, 0);
        AffinityKey k = user("alice");
        List<String> tried = new ArrayList<>();
        NoMemberAvailableException e = assertThrows(NoMemberAvailableException.class, () -> r.open(k, m -> {
            tried.add(m.name());
            throw new MemberUnreachableException("refused by " + m.name(), null);
        }));
        assertEquals(3, tried.size());
        assertEquals(new HashSet<>(tried).size(), tried.size(), "a member was tried twice");
        for (String name : tried) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
            assertTrue(e.getMessage().contains("refused by " + name), e.getMessage());
        }
        for (String name : tried)
            assertEquals(0, r.loads().liveTunnels(name));
    }

    @Test
    void attemptsStopAtMaxAttempts() {
        Router r = router(2, 0);
        List<String> tried = new ArrayList<>();
        assertThrows(NoMemberAvailableException.class, () -> r.open(user("bob"), m -> {
            tried.add(m.name());
            throw new MemberUnreachableException("timeout", null);
        }));
        assertEquals(2, tried.size());
    }

    @Test
    void otherExceptionsPropagateUnchangedWithoutMarkingDown() {
        Router r = router();
        AffinityKey k = user("carol");
        IllegalStateException boom = new IllegalStateException("permission denied");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> r.open(k, m -> {
            throw boom;
        }));
        assertSame(boom, thrown);
        class BadConfig extends Exception {
            private static final long serialVersionUID = 1L;
        }
        BadConfig bad = new BadConfig();
        assertSame(bad, assertThrows(BadConfig.class, () -> r.<String, BadConfig>open(k, m -> {
            throw bad;
        })));
        assertTrue(r.health().downMembers().isEmpty());
        assertTrue(r.loads().snapshot().isEmpty(), "a failed connect stayed counted: " + r.loads().snapshot());
        assertEquals(0, r.liveKeys().size(), "a failed connect must not count for its key");
    }

    @Test
    void emptyOrMissingRingIsAClearError() {
        ring.set(null);
        NoMemberAvailableException e = assertThrows(NoMemberAvailableException.class, () -> open(router(), user("x")));
        assertTrue(e.getMessage().contains("no guacd member is known"), e.getMessage());
    }

    @Test
    void boundedLoadSpillsToTheNextMemberAtCapacity() throws Exception {
        Router r = router(3, 1.25);
        List<Routed<String>> live = new ArrayList<>();
        int spills = 0;
        for (int i = 0; i < 30; i++) {
            AffinityKey k = userOwnedBy("guacd-0", i);
            long total = r.loads().totalLive(List.of("guacd-0", "guacd-1", "guacd-2"));
            long capacity = HashRing.capacity(1, 1.25, total, 3);
            Routed<String> routed = open(r, k);
            live.add(routed);
            if (r.loads().liveTunnels("guacd-0") > capacity)
                throw new AssertionError("guacd-0 went over its capacity " + capacity);
            if (!routed.value().equals("guacd-0")) {
                spills++;
                assertEquals(Reason.SPILL, routed.decision().reason());
                assertEquals(Outcome.SKIPPED_FULL, routed.decision().steps().get(0).outcome());
            }
        }
        assertTrue(spills > 0, "30 keys of one owner never spilled");
        int max = 0;
        for (String m : List.of("guacd-0", "guacd-1", "guacd-2"))
            max = Math.max(max, r.loads().liveTunnels(m));
        assertTrue(max <= Math.ceil(1.25 * 30 / 3.0), "a member holds " + max + " of 30");
        live.forEach(x -> x.lease().release());
        assertTrue(r.loads().snapshot().isEmpty());
    }

    @Test
    void boundedLoadSharesCapacityAmongTheMembersNotMarkedDown() throws Exception {
        Router r = router(3, 1.25);
        r.health().markDown("guacd-2");
        List<Routed<String>> live = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Routed<String> routed = open(r, user("survivor-" + i));
            live.add(routed);
            assertTrue(routed.value().equals("guacd-0") || routed.value().equals("guacd-1"),
                    "a member marked down got a new key: " + routed.decision());
            // with one of three members down, the two others must share every session between them
            long ceiling = (long) Math.ceil(1.25 * (i + 1) / 2.0);
            assertTrue(r.loads().liveTunnels(routed.value()) <= ceiling, routed.value() + " holds "
                    + r.loads().liveTunnels(routed.value()) + " of " + (i + 1) + ", above " + ceiling);
            List<Step> steps = routed.decision().steps();
            // the log shows the formula with the numbers used: i live before, over the 2 members up
            String expected = String.format("capacity %d = ceil(1.25 x %d x 1 / 2)",
                    (long) Math.ceil(1.25 * (i + 1) / 2.0), i + 1);
            assertTrue(steps.get(steps.size() - 1).detail().endsWith(expected),
                    "chosen step says " + steps.get(steps.size() - 1) + ", expected ..." + expected);
        }
        assertEquals(HashRing.capacity(1, 1.25, 40, 2), r.capacity(ring.get(), 1),
                "status shows the capacity the router uses");
        live.forEach(x -> x.lease().release());
    }

    @Test
    void onlyMembersOfTheCurrentRingAreEverReturned() throws Exception {
        Router r = router();
        String[][] rings = {
            {"guacd-0", "guacd-1", "guacd-2"}, {"guacd-1", "guacd-2"}, {"guacd-3"},
            {"guacd-0", "guacd-3", "guacd-4", "guacd-5"}, {"guacd-2", "guacd-5"}
        };
        List<Routed<String>> live = new ArrayList<>();
        for (String[] names : rings) {
            ring.set(ringOf(names));
            Set<String> allowed = Set.of(names);
            for (int i = 0; i < 100; i++) {
                Routed<String> routed = open(r, user("user" + i));
                assertTrue(allowed.contains(routed.value()), routed.value() + " is not in " + allowed);
                assertTrue(allowed.contains(routed.decision().member().name()));
                if (i % 3 == 0)
                    live.add(routed);
                else
                    routed.lease().release();
            }
        }
        live.forEach(x -> x.lease().release());
    }

    @Test
    void leaseReleasesExactlyOnce() throws Exception {
        Router r = router();
        Routed<String> a = open(r, user("dave"));
        Routed<String> b = open(r, user("dave"));
        assertEquals(2, r.loads().liveTunnels(a.value()));
        assertTrue(a.lease().release());
        assertFalse(a.lease().release());
        assertFalse(a.lease().release());
        assertEquals(1, r.loads().liveTunnels(a.value()));
        assertEquals(1, r.liveKeys().snapshot().get(0).tunnels());
        b.lease().release();
        assertEquals(0, r.loads().liveTunnels(a.value()));
        assertTrue(r.liveKeys().snapshot().isEmpty());
    }

    @Test
    void openOnGoesToTheNamedMemberOnlyAndNeverOutsideTheRing() throws Exception {
        Router r = router();
        Routed<String> join = r.openOn("guacd-2", Reason.JOIN, null, Member::name);
        assertEquals("guacd-2", join.value());
        assertEquals(Reason.JOIN, join.decision().reason());
        assertEquals(0, r.liveKeys().size(), "a join counts for no key");
        assertEquals(1, r.loads().liveTunnels("guacd-2"));
        join.lease().release();
        assertThrows(NoMemberAvailableException.class, () -> r.openOn("guacd-9", Reason.JOIN, null, Member::name));
        assertThrows(NoMemberAvailableException.class, () -> r.openOn("guacd-1", Reason.JOIN, null, m -> {
            throw new MemberUnreachableException("refused", null);
        }));
        assertTrue(r.health().isDown("guacd-1"));
    }

    @Test
    void aJoinReachesItsHostAfterTheHostLeftTheRingWithoutPinningOrCountingItInTheRing() throws Exception {
        Router r = router();
        AffinityKey owner = userOwnedBy("guacd-1", 0);
        Routed<String> primary = open(r, owner);
        Member host = primary.decision().member();
        ring.set(ringOf("guacd-0", "guacd-2"));

        Routed<String> join = r.openJoin(host, Member::name);
        assertEquals("guacd-1", join.value());
        assertSame(host, join.decision().member());
        assertEquals(Reason.JOIN, join.decision().reason());
        assertNull(join.decision().key());
        assertEquals(2, r.loads().liveTunnels("guacd-1"), "primary and join count on their host");
        assertEquals("guacd-1", r.liveKeys().memberOf(owner.text()), "the join leaves the owner's key alone");
        assertEquals(1, r.liveKeys().size());
        assertThrows(NoMemberAvailableException.class, () -> r.openOn("guacd-1", Reason.FIXED, null, Member::name),
                "a member that left the ring takes no new sessions of its own");
        join.lease().release();
        primary.lease().release();
        assertEquals(0, r.loads().liveTunnels("guacd-1"));

        NoMemberAvailableException e = assertThrows(NoMemberAvailableException.class,
                () -> r.openJoin(host, m -> {
                    throw new MemberUnreachableException("connection refused", null);
                }));
        assertTrue(e.getMessage().contains("guacd-1") && e.getMessage().contains("connection refused"), e.getMessage());
        assertEquals(0, r.loads().liveTunnels("guacd-1"));
    }

    @Test
    void aSecondTabGoesOnWhenTheKeysMemberIsAtCapacity() throws Exception {
        Router r = router(3, 1.25);
        AffinityKey k = userOwnedBy("guacd-0", 0);
        Routed<String> first = open(r, k);
        assertEquals("guacd-0", first.value());
        // Fill guacd-0 to its capacity with other keys of its own (some spill meanwhile, raising the total).
        List<String> all = List.of("guacd-0", "guacd-1", "guacd-2");
        for (int i = 1; r.loads().liveTunnels("guacd-0") < HashRing.capacity(1, 1.25, r.loads().totalLive(all), 3); i++)
            open(r, userOwnedBy("guacd-0", i));
        long capacity = HashRing.capacity(1, 1.25, r.loads().totalLive(List.of("guacd-0", "guacd-1", "guacd-2")), 3);
        assertTrue(r.loads().liveTunnels("guacd-0") >= capacity, "guacd-0 should be full: "
                + r.loads().snapshot() + ", capacity " + capacity);
        Routed<String> tab = open(r, k);
        assertNotEquals("guacd-0", tab.value(), "a tab joined a member at capacity");
        Step firstStep = tab.decision().steps().get(0);
        assertEquals(Outcome.SKIPPED_FULL, firstStep.outcome());
        assertTrue(firstStep.detail().startsWith("the key's live tunnels are there; "), firstStep.toString());
        assertEquals(Reason.SPILL, tab.decision().reason());
    }

    @Test
    void aTunnelWhoseCountingFailsIsClosedBeforeTheErrorPropagates() throws Exception {
        LiveKeys keys = org.mockito.Mockito.spy(new LiveKeys());
        IllegalStateException boom = new IllegalStateException("bookkeeping failed");
        org.mockito.Mockito.doThrow(boom).when(keys).acquire(org.mockito.ArgumentMatchers.anyString(),
                org.mockito.ArgumentMatchers.anyString());
        Router r = TestRouter.over(ring::get).liveKeys(keys).cooldownMillis(COOLDOWN).clock(clock::get).build();
        List<String> closed = new ArrayList<>();
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> r.open(user("erin"), m -> "tunnel on " + m.name(), closed::add));
        assertSame(boom, thrown);
        assertEquals(1, closed.size(), "the opened tunnel was not closed: " + closed);
        assertTrue(closed.get(0).startsWith("tunnel on "));
        assertTrue(r.loads().snapshot().isEmpty(), "the tunnel stayed counted: " + r.loads().snapshot());
        assertTrue(r.health().downMembers().isEmpty(), "a bookkeeping failure says nothing about the member");
    }

    @Test
    void failoverOrderTriesMembersMarkedDownLastAsConnectDoes() throws Exception {
        Router r = router(3, 0);
        AffinityKey k = userOwnedBy("guacd-0", 0);
        List<Member> preference = ring.get().preferenceList(k.text());
        r.health().markDown(preference.get(1).name());
        Member first = r.decide(k).member();
        assertEquals(preference.get(0), first);
        List<Member> order = r.failoverOrder(k, first);
        assertEquals(List.of(preference.get(2), preference.get(1)), order,
                "the member marked down comes after the one that is up");
        List<String> tried = new ArrayList<>();
        assertThrows(NoMemberAvailableException.class, () -> r.open(k, m -> {
            tried.add(m.name());
            throw new MemberUnreachableException("refused", null);
        }));
        List<String> explained = new ArrayList<>();
        explained.add(first.name());
        order.forEach(m -> explained.add(m.name()));
        assertEquals(explained, tried, "connect tried members in another order than explained");
    }

    @Test
    void peekAndDecideAgreeWithConnect() throws Exception {
        Router r = router(3, 1.25);
        List<Routed<String>> live = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            AffinityKey k = user("class-" + (i % 120));
            Member peeked = r.peek(k);
            RouteDecision decided = r.decide(k);
            Routed<String> routed = open(r, k);
            assertEquals(peeked.name(), routed.value());
            assertEquals(decided.member().name(), routed.value());
            assertEquals(decided.reason(), routed.decision().reason());
            if (i % 4 == 0)
                routed.lease().release();
            else
                live.add(routed);
        }
        live.forEach(x -> x.lease().release());
    }

    @Test
    void keysNeverCarryMoreThanTheChosenValue() {
        AffinityKey k = AffinityKey.of(KeyMode.SESSION, "alice", "s-1f2e", "10.0.0.7", "mysql/12");
        assertEquals("session:s-1f2e", k.text());
        assertEquals("user:alice", AffinityKey.of(KeyMode.USER, "alice", "s", "ip", "c").text());
        assertEquals("client-ip:10.0.0.7", AffinityKey.of(KeyMode.CLIENT_IP, "alice", "s", "10.0.0.7", "c").text());
        assertEquals("connection:mysql/12", AffinityKey.of(KeyMode.CONNECTION, "a", "s", "ip", "mysql/12").text());
    }
}
