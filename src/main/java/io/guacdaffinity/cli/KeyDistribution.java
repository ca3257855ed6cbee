package io.guacdaffinity.cli;

import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.AffinityKey;
import io.guacdaffinity.routing.Health;
import io.guacdaffinity.routing.LiveKeys;
import io.guacdaffinity.routing.LoadTracker;
import io.guacdaffinity.routing.NoMemberAvailableException;
import io.guacdaffinity.routing.Router;

import java.util.List;

/** Where each of a list of keys lands on one ring, and how many keys each member holds. */
final class KeyDistribution {

    private final HashRing ring;
    private final Member[] owners;
    private final int[] counts;

    private KeyDistribution(HashRing ring, Member[] owners, int[] counts) {
        this.ring = ring;
        this.owners = owners;
        this.counts = counts;
    }

    static KeyDistribution of(HashRing ring, List<String> keys) {
        Member[] owners = new Member[keys.size()];
        int[] counts = new int[ring.size()];
        for (int k = 0; k < owners.length; k++) {
            int index = ring.ownerIndexOfHash(HashRing.hashKey(keys.get(k)));
            owners[k] = ring.members().get(index);
            counts[index]++;
        }
        return new KeyDistribution(ring, owners, counts);
    }

    /**
     * Where {@code keys} land when they connect one after another and all stay connected, with
     * bounded load c: each goes where a connect would, by the router's own rule.
     */
    static KeyDistribution ofArrivals(HashRing ring, List<String> keys, double loadFactor) {
        Router router = new Router(() -> ring, new LiveKeys(), new LoadTracker(), new Health(1000, () -> 0L), 1,
                loadFactor);
        Member[] owners = new Member[keys.size()];
        int[] counts = new int[ring.size()];
        for (int k = 0; k < owners.length; k++) {
            Member m;
            try {
                m = router.open(AffinityKey.parse(keys.get(k)), member -> member).value();
            }
            catch (NoMemberAvailableException e) {
                throw new IllegalStateException("a ring with members placed no key: " + e.getMessage(), e);
            }
            owners[k] = m;
            counts[ring.indexOf(m.name())]++;
        }
        return new KeyDistribution(ring, owners, counts);
    }

    HashRing ring() {
        return ring;
    }

    int keyCount() {
        return owners.length;
    }

    /** Keys held by {@code member}; 0 when it is not on this ring. */
    int count(Member member) {
        int index = ring.members().indexOf(member);
        return index < 0 ? 0 : counts[index];
    }

    /** Keys held by the member called {@code name}, or -1 when no member has that name. */
    int count(String name) {
        Member m = ring.member(name);
        return m == null ? -1 : count(m);
    }

    /** The most keys on one member relative to its weight, over the mean: 1.00 is perfectly even. */
    double peakToMean() {
        if (owners.length == 0)
            return 1.0;
        double peak = 0;
        List<Member> members = ring.members();
        for (int i = 0; i < counts.length; i++)
            peak = Math.max(peak, counts[i] / (double) members.get(i).weight());
        double meanPerWeight = owners.length / (double) ring.totalWeight();
        return peak / meanPerWeight;
    }

    int peak() {
        int peak = 0;
        for (int c : counts)
            peak = Math.max(peak, c);
        return peak;
    }

    double mean() {
        return owners.length / (double) counts.length;
    }

    /** Keys whose member (by name) differs between {@code before} and this placement of the same keys. */
    int movedFrom(KeyDistribution before) {
        checkSameKeys(before);
        int moved = 0;
        for (int k = 0; k < owners.length; k++) {
            if (!owners[k].name().equals(before.owners[k].name()))
                moved++;
        }
        return moved;
    }

    /** Moved keys whose old and new members are on both rings: 0 on a consistent ring. */
    int movedBetweenStayingMembers(KeyDistribution before) {
        checkSameKeys(before);
        int moved = 0;
        for (int k = 0; k < owners.length; k++) {
            if (!owners[k].name().equals(before.owners[k].name()) && before.ring.contains(owners[k].name())
                    && ring.contains(before.owners[k].name()))
                moved++;
        }
        return moved;
    }

    private void checkSameKeys(KeyDistribution other) {
        if (other.owners.length != owners.length)
            throw new IllegalArgumentException("placements of different key lists");
    }
}
