package io.guacdaffinity.routing;

import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.ring.RingFixtures;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bounded load with c = 1.25, through the router's one placement rule. "mean" is the weighted mean
 * load counting the arriving session: {@code (live + 1) x weight / totalWeight}, where live is the
 * number of tunnels already open. A new session may land on a member only while that member's load
 * stays within {@code ceil(1.25 x mean)} after placing it. The bound is recomputed here independently
 * of {@link HashRing#capacity}.
 */
class BoundedLoadTest {

    private static final double C = 1.25;

    private static long bound(Member m, long liveBefore, long totalWeight) {
        double mean = (liveBefore + 1) * (double) m.weight() / totalWeight;
        return (long) Math.ceil(C * mean);
    }

    private static Router router(HashRing ring) {
        return TestRouter.over(ring).loadFactor(C).build();
    }

    private static Routed<Member> connect(Router router, String user) throws NoMemberAvailableException {
        return router.open(AffinityKey.of(KeyMode.USER, user), m -> m);
    }

    @Test
    void arrivalsNeverPushAMemberAboveTheBound() throws Exception {
        for (List<Member> members : List.of(
                RingFixtures.members(RingFixtures.statefulNames(5)),
                RingFixtures.members(RingFixtures.nameSets(10).get(1)),
                RingFixtures.members(RingFixtures.statefulNames(100)),
                List.of(RingFixtures.member("guacd-a", 1), RingFixtures.member("guacd-b", 1),
                        RingFixtures.member("guacd-c", 2), RingFixtures.member("guacd-d", 4)))) {
            HashRing ring = HashRing.of(members);
            Router router = router(ring);
            long live = 0;
            int redirected = 0;
            for (int k = 0; k < 3000; k++) {
                String user = "student-" + k;
                int before = 0;
                Member chosen = connect(router, user).value();
                before = router.loads().liveTunnels(chosen.name()) - 1;
                assertTrue(before + 1 <= bound(chosen, live, ring.totalWeight()), "arrival " + k + " put "
                        + (before + 1) + " on " + chosen.name() + ", bound " + bound(chosen, live, ring.totalWeight()));
                if (!chosen.equals(ring.route("user:" + user)))
                    redirected++;
                live++;
                // With arrivals only the bound holds for every member at every moment.
                for (Member m : ring.members()) {
                    assertTrue(router.loads().liveTunnels(m.name()) <= bound(m, live - 1, ring.totalWeight()),
                            m.name() + " holds " + router.loads().liveTunnels(m.name()) + " of " + live);
                }
            }
            assertTrue(redirected > 0, "bounded load never overrode the ring for " + members);
        }
    }

    @Test
    void arrivalsAndDeparturesPlaceEverySessionWithinTheBound() throws Exception {
        HashRing ring = HashRing.of(RingFixtures.members(RingFixtures.statefulNames(7)));
        Router router = router(ring);
        Random random = new Random(42);
        List<Routed<Member>> sessions = new ArrayList<>();
        int peakLive = 0;
        for (int step = 0; step < 20_000; step++) {
            // Waves: a class arrives, then leaves, so live counts rise and fall.
            boolean arrive = sessions.isEmpty() || random.nextInt(100) < ((step / 2000) % 2 == 0 ? 75 : 30);
            if (arrive) {
                long live = sessions.size();
                Routed<Member> s = connect(router, "user-" + random.nextInt(1_000_000));
                Member chosen = s.value();
                long bound = bound(chosen, live, ring.totalWeight());
                assertTrue(router.loads().liveTunnels(chosen.name()) <= bound, "step " + step + ": " + chosen.name()
                        + " holds " + router.loads().liveTunnels(chosen.name()) + " with " + live + " live before, bound "
                        + bound);
                sessions.add(s);
                peakLive = Math.max(peakLive, sessions.size());
            }
            else {
                sessions.remove(random.nextInt(sessions.size())).lease().release();
            }
        }
        assertTrue(peakLive > 1000, "the simulation never got busy: peak " + peakLive);
    }

    @Test
    void theChoiceIsTheFirstMemberOfThePreferenceListWithRoom() throws Exception {
        HashRing ring = HashRing.of(RingFixtures.members(RingFixtures.statefulNames(5)));
        Router router = router(ring);
        String primary = "guacd-stateful-2";
        // A skewed classroom: 100 users that the plain ring would all send to one member.
        List<String> users = new ArrayList<>();
        for (int k = 0; users.size() < 100; k++) {
            if (ring.route("user:student-" + k).name().equals(primary))
                users.add("student-" + k);
        }
        long live = 0;
        for (String user : users) {
            Member expected = null;
            for (Member m : ring.preferenceList("user:" + user)) {
                if (router.loads().liveTunnels(m.name()) < bound(m, live, ring.totalWeight())) {
                    expected = m;
                    break;
                }
            }
            Routed<Member> chosen = connect(router, user);
            assertEquals(expected, chosen.value(), "user " + user + " with loads " + router.loads().snapshot());
            assertEquals(expected.name().equals(primary) ? RouteDecision.Reason.HOME : RouteDecision.Reason.SPILL,
                    chosen.decision().reason());
            live++;
        }
        assertEquals((long) Math.ceil(C * 100 / 5), router.loads().liveTunnels(primary),
                "the primary fills up to its bound");
    }

    @Test
    void idleRingRoutesEveryKeyToItsOwnMember() throws Exception {
        HashRing ring = HashRing.of(RingFixtures.members(RingFixtures.statefulNames(10)));
        Router router = router(ring);
        for (int k = 0; k < 1000; k++) {
            Routed<Member> r = connect(router, "k" + k);
            assertEquals(ring.route("user:k" + k), r.value());
            r.lease().release();
        }
    }
}
