package io.guacdaffinity.ring;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Minimal movement: what leaves is exactly what the removed member owned; what joins takes only its share. */
class HashRingMovementTest {

    private static final long[] keyHashes = RingFixtures.millionKeyHashes();
    private static final int KEYS = keyHashes.length;

    @ParameterizedTest(name = "N={0}")
    @ValueSource(ints = {3, 5, 10, 50})
    void removingOneMemberMovesExactlyTheKeysItOwned(int n) {
        for (List<String> names : RingFixtures.nameSets(n).subList(0, 2)) {
            int[] ownerBefore = RingFixtures.owners(HashRing.of(RingFixtures.members(names)), keyHashes, names);
            for (int removed : new int[] {0, n / 2, n - 1}) {
                List<String> rest = new ArrayList<>(names);
                rest.remove(removed);
                int[] ownerAfter = RingFixtures.owners(HashRing.of(RingFixtures.members(rest)), keyHashes, names);
                long owned = 0;
                for (int k = 0; k < KEYS; k++) {
                    boolean wasRemoved = ownerBefore[k] == removed;
                    boolean changed = ownerBefore[k] != ownerAfter[k];
                    if (wasRemoved != changed)
                        fail("key " + k + ": owner " + names.get(ownerBefore[k]) + " -> "
                                + names.get(ownerAfter[k]) + " after removing " + names.get(removed));
                    if (wasRemoved)
                        owned++;
                }
                assertTrue(owned > KEYS / n / 2, names.get(removed) + " owned only " + owned + " keys");
            }
        }
    }

    @ParameterizedTest(name = "N={0}")
    @ValueSource(ints = {3, 5, 10})
    void keysOfARemovedMemberGoToTheirSecondChoice(int n) {
        List<String> names = RingFixtures.statefulNames(n);
        HashRing before = HashRing.of(RingFixtures.members(names));
        String removed = names.get(1);
        List<String> rest = new ArrayList<>(names);
        rest.remove(removed);
        HashRing after = HashRing.of(RingFixtures.members(rest));
        int checked = 0;
        for (int k = 0; k < 20_000; k++) {
            String key = "student-" + k;
            List<Member> order = before.preferenceList(key, 2);
            if (!order.get(0).name().equals(removed))
                continue;
            checked++;
            assertEquals(order.get(1).name(), after.route(key).name(), "key " + key);
        }
        assertTrue(checked > 20_000 / n / 2, "only " + checked + " keys belonged to " + removed);
    }

    @ParameterizedTest(name = "N={0}")
    @ValueSource(ints = {3, 5, 10, 50})
    void addingOneMemberMovesOnlyItsShareAndOnlyToIt(int n) {
        for (List<String> names : RingFixtures.nameSets(n + 1)) {
            int[] ownerBefore = RingFixtures.owners(HashRing.of(RingFixtures.members(names.subList(0, n))),
                    keyHashes, names);
            int[] ownerAfter = RingFixtures.owners(HashRing.of(RingFixtures.members(names)), keyHashes, names);
            long moved = 0;
            for (int k = 0; k < KEYS; k++) {
                if (ownerBefore[k] != ownerAfter[k]) {
                    moved++;
                    if (ownerAfter[k] != n)
                        fail("key " + k + " moved from " + names.get(ownerBefore[k]) + " to the old member "
                                + names.get(ownerAfter[k]) + " when " + names.get(n) + " joined");
                }
            }
            double fraction = moved / (double) KEYS;
            double bound = 1.1 / (n + 1);
            System.out.printf("movement N=%d -> %d (%s): moved %.4f of keys, 1/(N+1) = %.4f%n",
                    n, n + 1, names.get(n), fraction, 1.0 / (n + 1));
            assertTrue(fraction <= bound, "adding " + names.get(n) + " to " + n + " members moved "
                    + fraction + " of keys; bound " + bound);
            assertTrue(fraction > 0.8 / (n + 1), "adding " + names.get(n) + " moved only " + fraction);
        }
    }
}
