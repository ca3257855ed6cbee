package io.guacdaffinity.ring;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bounded load with c = 1.25. "mean" is the weighted mean load counting the arriving session:
 * {@code (live + 1) x weight / totalWeight}, where live is the number of tunnels already open.
 * A new session may land on a member only while that member's load stays within
 * {@code ceil(1.25 x mean)} after placing it. The bound is recomputed here independently of
 * {@link HashRing#capacity}.
 */
class HashRingBoundedLoadTest {

    private static final double C = 1.25;

    private static long bound(Member m, long liveBefore, long totalWeight) {
        double mean = (liveBefore + 1) * (double) m.weight() / totalWeight;
        return (long) Math.ceil(C * mean);
    }

    @Test
    void arrivalsNeverPushAMemberAboveTheBound() {
        for (List<Member> members : List.of(
                RingFixtures.members(RingFixtures.statefulNames(5)),
                RingFixtures.members(RingFixtures.nameSets(10).get(1)),
                RingFixtures.members(RingFixtures.statefulNames(100)),
                List.of(RingFixtures.member("guacd-a", 1), RingFixtures.member("guacd-b", 1),
                        RingFixtures.member("guacd-c", 2), RingFixtures.member("guacd-d", 4)))) {
            HashRing ring = HashRing.of(members);
            int[] loads = new int[ring.size()];
            long live = 0;
            int redirected = 0;
            for (int k = 0; k < 3000; k++) {
                String key = "student-" + k;
                Member chosen = ring.routeBounded(key, C, m -> loads[ring.members().indexOf(m)], live);
                int i = ring.members().indexOf(chosen);
                assertTrue(loads[i] + 1 <= bound(chosen, live, ring.totalWeight()), "arrival " + k + " put "
                        + (loads[i] + 1) + " on " + chosen.name() + ", bound " + bound(chosen, live, ring.totalWeight()));
                if (!chosen.equals(ring.route(key)))
                    redirected++;
                loads[i]++;
                live++;
                // With arrivals only the bound holds for every member at every moment.
                for (int j = 0; j < loads.length; j++) {
                    Member m = ring.members().get(j);
                    assertTrue(loads[j] <= bound(m, live - 1, ring.totalWeight()),
                            m.name() + " holds " + loads[j] + " of " + live);
                }
            }
            assertTrue(redirected > 0, "bounded load never overrode the ring for " + members);
        }
    }

    @Test
    void arrivalsAndDeparturesPlaceEverySessionWithinTheBound() {
        HashRing ring = HashRing.of(RingFixtures.members(RingFixtures.statefulNames(7)));
        Random random = new Random(42);
        int[] loads = new int[ring.size()];
        List<Integer> sessions = new ArrayList<>();  // member index of each live session
        long live = 0;
        int peakLive = 0;
        for (int step = 0; step < 20_000; step++) {
            // Waves: a class arrives, then leaves, so live counts rise and fall.
            boolean arrive = sessions.isEmpty() || random.nextInt(100) < ((step / 2000) % 2 == 0 ? 75 : 30);
            if (arrive) {
                String key = "user-" + random.nextInt(1_000_000);
                Member chosen = ring.routeBounded(key, C, m -> loads[ring.members().indexOf(m)], live);
                int i = ring.members().indexOf(chosen);
                long bound = bound(chosen, live, ring.totalWeight());
                assertTrue(loads[i] + 1 <= bound, "step " + step + ": " + chosen.name() + " would hold "
                        + (loads[i] + 1) + " with " + live + " live, bound " + bound);
                loads[i]++;
                sessions.add(i);
                live++;
                peakLive = Math.max(peakLive, (int) live);
            } else {
                int i = sessions.remove(random.nextInt(sessions.size()));
                loads[i]--;
                live--;
            }
        }
        assertTrue(peakLive > 1000, "the simulation never got busy: peak " + peakLive);
    }

    @Test
    void theChoiceIsTheFirstMemberOfThePreferenceListWithRoom() {
        HashRing ring = HashRing.of(RingFixtures.members(RingFixtures.statefulNames(5)));
        String primary = "guacd-stateful-2";
        // A skewed classroom: 100 users that the plain ring would all send to one member.
        List<String> keys = new ArrayList<>();
        for (int k = 0; keys.size() < 100; k++) {
            if (ring.route("student-" + k).name().equals(primary))
                keys.add("student-" + k);
        }
        int[] loads = new int[ring.size()];
        long live = 0;
        for (String key : keys) {
            Member expected = null;
            for (Member m : ring.preferenceList(key)) {
                if (loads[ring.members().indexOf(m)] < bound(m, live, ring.totalWeight())) {
                    expected = m;
                    break;
                }
            }
            Member chosen = ring.routeBounded(key, C, m -> loads[ring.members().indexOf(m)], live);
            assertEquals(expected, chosen, "key " + key + " with loads " + java.util.Arrays.toString(loads));
            loads[ring.members().indexOf(chosen)]++;
            live++;
        }
        int onPrimary = loads[ring.members().indexOf(ring.member(primary))];
        assertEquals((long) Math.ceil(C * 100 / 5), onPrimary, "the primary fills up to its bound");
    }

    @Test
    void idleRingRoutesEveryKeyToItsOwnMember() {
        HashRing ring = HashRing.of(RingFixtures.members(RingFixtures.statefulNames(10)));
        for (int k = 0; k < 1000; k++)
            assertEquals(ring.route("k" + k), ring.routeBounded("k" + k, C, m -> 0, 0));
    }

    @Test
    void understatedTotalKeepsTheKeysOwnMember() {
        // Loads read while tunnels closed elsewhere may add up to more than the total given.
        for (int n : new int[] {3, 100}) {
            HashRing ring = HashRing.of(RingFixtures.members(RingFixtures.statefulNames(n)));
            for (int k = 0; k < 100; k++)
                assertEquals(ring.route("k" + k), ring.routeBounded("k" + k, C, m -> 50, 0));
        }
    }
}
