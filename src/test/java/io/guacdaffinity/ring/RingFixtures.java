package io.guacdaffinity.ring;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/** Member lists, name sets and key hashes shared by the ring tests. */
public final class RingFixtures {

    /** Pod-name alphabet Kubernetes uses for generated suffixes (no vowels, no 0/1/3). */
    private static final String POD_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private RingFixtures() {
    }

    public static Member member(String name) {
        return new Member(name, "10.0.0.1", 4822, 1);
    }

    public static Member member(String name, int weight) {
        return new Member(name, "10.0.0.1", 4822, weight);
    }

    public static List<Member> members(List<String> names) {
        List<Member> out = new ArrayList<>(names.size());
        for (String name : names)
            out.add(member(name));
        return out;
    }

    static List<String> names(int n, IntFunction<String> name) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
            out.add(name.apply(i));
        return out;
    }

    /** The names of a ring's members, in its order; none where there is no ring (membership empty). */
    public static List<String> memberNames(HashRing ring) {
        List<String> out = new ArrayList<>();
        if (ring != null) {
            for (Member m : ring.members())
                out.add(m.name());
        }
        return out;
    }

    public static List<String> statefulNames(int n) {
        return names(n, i -> "guacd-stateful-" + i);
    }

    /**
     * Five realistic, fixed name sets of size n: StatefulSet pods, Deployment pods with random
     * suffixes, the seed platform's short names, cloud node names and a second namespace's pods.
     */
    public static List<List<String>> nameSets(int n) {
        List<List<String>> sets = new ArrayList<>();
        sets.add(statefulNames(n));
        Random random = new Random(1_000L + n);
        sets.add(names(n, i -> "guacd-" + podSuffix(random, 10) + "-" + podSuffix(random, 5)));
        sets.add(names(n, i -> "guacd-" + i));
        sets.add(names(n, i -> "ip-10-0-" + (i / 250) + "-" + (10 + i % 250) + ".ec2.internal"));
        sets.add(names(n, i -> "rdp-gateway-" + i + ".classroom-b"));
        return sets;
    }

    static String podSuffix(Random random, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++)
            s.append(POD_ALPHABET.charAt(random.nextInt(POD_ALPHABET.length())));
        return s.toString();
    }

    /** Hashes of {@code count} user-like keys; tests route by hash to keep 10^6 lookups cheap. */
    private static long[] millionKeyHashes;

    /**
     * Hashes of a million keys, as {@link #keyHashes} makes them: computed once, since hashing them takes a
     * while, and shared by the ring tests that measure balance and movement, which must not change the array.
     */
    static synchronized long[] millionKeyHashes() {
        if (millionKeyHashes == null)
            millionKeyHashes = keyHashes(1_000_000);
        return millionKeyHashes;
    }

    static long[] keyHashes(int count) {
        long[] hashes = new long[count];
        for (int i = 0; i < count; i++)
            hashes[i] = HashRing.hashKey("student-" + i);
        return hashes;
    }

    /**
     * Owner of every key hash, as a position in {@code universe} (a list of names that contains
     * every member), so that rings with different member indices compare directly.
     */
    static int[] owners(HashRing ring, long[] keyHashes, List<String> universe) {
        int[] idOfIndex = new int[ring.size()];
        for (int i = 0; i < ring.size(); i++) {
            idOfIndex[i] = universe.indexOf(ring.members().get(i).name());
            if (idOfIndex[i] < 0)
                throw new IllegalArgumentException(ring.members().get(i) + " is not in " + universe);
        }
        int[] out = new int[keyHashes.length];
        for (int i = 0; i < keyHashes.length; i++)
            out[i] = idOfIndex[ring.ownerIndexOfHash(keyHashes[i])];
        return out;
    }

    /** Keys per member, indexed like {@link HashRing#members()}. */
    static long[] counts(HashRing ring, long[] keyHashes) {
        long[] counts = new long[ring.size()];
        for (long h : keyHashes)
            counts[ring.ownerIndexOfHash(h)]++;
        return counts;
    }
}
