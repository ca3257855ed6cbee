package io.guacdaffinity.ring;

import com.dynatrace.hash4j.hashing.HashStream64;
import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * An immutable consistent-hash ring over guacd {@link Member}s.
 *
 * <p>Each member is placed on a 64-bit circle at {@code virtualNodes x weight} points derived
 * from its <em>name</em> alone, so every JVM that sees the same names and weights builds the same
 * ring, whatever order DNS returned them in. A key belongs to the first point at or after the
 * key's own hash. Removing a member therefore moves only the keys that landed on its points, and
 * adding one moves only the keys its new points capture.
 *
 * <p>Points are packed into one sorted {@code long[]}: the upper 48 bits hold the position, the
 * lower 16 bits the member's index in name order (which also breaks exact ties by name). A table
 * indexed by the top bits of a position jumps straight to the few points that can follow it, so
 * a lookup is one hash plus a short scan and allocates nothing.
 */
public final class HashRing {

    /** Virtual nodes per unit of weight unless configured otherwise. */
    public static final int DEFAULT_VIRTUAL_NODES = 1500;

    /**
     * Most members a ring may have. The member index would fit 65536 in its 16 bits; the cap is far
     * lower because a member list that long comes from a broken or forged SRV answer, not from a
     * guacd StatefulSet (the N = 1000 benchmark is the largest ring measured).
     */
    public static final int MAX_MEMBERS = 1000;

    /**
     * Most points a ring may have (members x weight x virtual nodes), so that neither a typo in a
     * weight nor SRV weights from DNS can take Guacamole's heap: 4 million points are 36 MB and
     * about a second of CPU per build, each time the member list changes (2^24 were 200 MB and
     * 3 s). 1000 members at the default 1500 virtual nodes need 1.5 million.
     */
    public static final int MAX_POINTS = 4_000_000;

    private static final Hasher64 HASHER = Hashing.xxh3_64();
    private static final long INDEX_MASK = 0xFFFFL;

    private final Member[] members;
    private final List<Member> memberList;
    private final int virtualNodes;
    private final long totalWeight;

    /** Sorted points, sign bit flipped so that signed order equals unsigned position order. */
    private final long[] points;

    /** bucketStart[b] = index of the first point whose position's top bits are at least b. */
    private final int[] bucketStart;
    private final int bucketShift;

    private HashRing(Member[] sortedMembers, int virtualNodes) {
        this.members = sortedMembers;
        this.memberList = Collections.unmodifiableList(Arrays.asList(sortedMembers));
        this.virtualNodes = virtualNodes;

        String tooLarge = sizeProblem(Arrays.asList(sortedMembers), virtualNodes);
        if (tooLarge != null)
            throw new IllegalArgumentException(tooLarge);
        long weightSum = 0;
        long pointCount = 0;
        for (Member m : sortedMembers) {
            weightSum += m.weight();
            pointCount += (long) m.weight() * virtualNodes;
        }
        this.totalWeight = weightSum;

        long[] pts = new long[(int) pointCount];
        HashStream64 stream = HASHER.hashStream();
        int p = 0;
        for (int index = 0; index < sortedMembers.length; index++) {
            Member m = sortedMembers[index];
            int count = m.weight() * virtualNodes;
            for (int v = 0; v < count; v++)
                pts[p++] = flip((pointPosition(stream, m.name(), v) & ~INDEX_MASK) | index);
        }
        Arrays.sort(pts);
        this.points = pts;

        // About two points per bucket: small table, short scans.
        int bits = Math.max(1, 63 - Long.numberOfLeadingZeros(Math.max(2, pts.length)) - 1);
        this.bucketShift = 64 - bits;
        int buckets = 1 << bits;
        int[] starts = new int[buckets + 1];
        int i = 0;
        for (int b = 0; b < buckets; b++) {
            while (i < pts.length && bucketOf(flip(pts[i])) < b)
                i++;
            starts[b] = i;
        }
        starts[buckets] = pts.length;
        this.bucketStart = starts;
    }

    /**
     * Builds a ring.
     *
     * @throws IllegalArgumentException naming the problem when there are no members, two share
     *         a name, or the ring would be too large
     */
    public static HashRing of(Collection<Member> members, int virtualNodes) {
        if (members == null || members.isEmpty())
            throw new IllegalArgumentException("a ring needs at least one member; none were given");
        if (virtualNodes < 1)
            throw new IllegalArgumentException("virtual nodes " + virtualNodes
                    + " is not accepted (a whole number of at least 1)");
        if (members.size() > MAX_MEMBERS)
            throw new IllegalArgumentException(sizeProblem(members, virtualNodes));
        Member[] sorted = members.toArray(new Member[0]);
        for (Member m : sorted) {
            if (m == null)
                throw new IllegalArgumentException("the member list contains a null entry: " + members);
        }
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i].name().equals(sorted[i - 1].name()))
                throw new IllegalArgumentException("member name \"" + sorted[i].name()
                        + "\" is given twice (" + sorted[i - 1] + " and " + sorted[i]
                        + "); names must be unique");
        }
        return new HashRing(sorted, virtualNodes);
    }

    public static HashRing of(Collection<Member> members) {
        return of(members, DEFAULT_VIRTUAL_NODES);
    }

    /**
     * Why a ring of these members would be refused for its size ({@link #MAX_MEMBERS},
     * {@link #MAX_POINTS}), in one sentence; null when its size is accepted. Lets a caller refuse a
     * member list before it replaces anything.
     */
    public static String sizeProblem(Collection<Member> members, int virtualNodes) {
        if (members.size() > MAX_MEMBERS)
            return members.size() + " members given; at most " + MAX_MEMBERS + " are accepted";
        long weightSum = 0;
        for (Member m : members)
            weightSum += m.weight();
        long points = weightSum * virtualNodes;
        if (points <= MAX_POINTS)
            return null;
        return "ring would need " + points + " points (" + members.size() + " members, total weight " + weightSum
                + ", " + virtualNodes + " virtual nodes per weight); at most " + MAX_POINTS
                + " are accepted: lower the weights or the virtual nodes";
    }

    /** The stable 64-bit hash of a routing key. Allocates nothing. */
    public static long hashKey(CharSequence key) {
        return HASHER.hashCharsToLong(key);
    }

    /**
     * Where the {@code v}-th virtual node of a member sits: a function of its name only. The
     * stream is reused across calls (it is reset first) so that building a large ring does not
     * allocate one per point.
     */
    static long pointPosition(HashStream64 stream, String memberName, int v) {
        return stream.reset().putString(memberName).putInt(v).getAsLong();
    }

    /** The member that owns {@code key}. Allocates nothing. */
    public Member route(CharSequence key) {
        return members[ownerIndexOfHash(hashKey(key))];
    }

    /** The index (in {@link #members()} order) of the member owning a key hash. */
    public int ownerIndexOfHash(long keyHash) {
        return (int) (flip(points[firstPointAtOrAfter(keyHash)]) & INDEX_MASK);
    }

    /** Index into {@link #points} of the first point at or after the position {@code keyHash}. */
    private int firstPointAtOrAfter(long keyHash) {
        long target = flip(keyHash & ~INDEX_MASK);
        int b = bucketOf(keyHash);
        int i = bucketStart[b];
        int end = bucketStart[b + 1];
        while (i < end && points[i] < target)
            i++;
        return i == points.length ? 0 : i;
    }

    /**
     * The key's failover order: distinct members in the order the ring meets them going clockwise
     * from the key. The first element is {@link #route(CharSequence)}.
     *
     * @param limit at most this many members (the whole ring when larger than {@link #size()})
     */
    public List<Member> preferenceList(CharSequence key, int limit) {
        int want = Math.min(Math.max(limit, 0), members.length);
        List<Member> out = new ArrayList<>(want);
        if (want == 0)
            return out;
        boolean[] seen = new boolean[members.length];
        int start = firstPointAtOrAfter(hashKey(key));
        for (int step = 0; step < points.length && out.size() < want; step++) {
            int index = indexAt(start, step);
            if (!seen[index]) {
                seen[index] = true;
                out.add(members[index]);
            }
        }
        return out;
    }

    /** The whole failover order for {@code key}. */
    public List<Member> preferenceList(CharSequence key) {
        return preferenceList(key, members.length);
    }

    /**
     * Where a walk of the key's preference order starts: pass it to {@link #memberIndexAt} with step
     * 0, 1, 2, ... to meet the members clockwise (each many times; the caller skips repeats). This
     * lets the router walk the order without building a list on every connect.
     */
    public int walkStart(long keyHash) {
        return firstPointAtOrAfter(keyHash);
    }

    /** The index (in {@link #members()} order) of the member at the {@code step}-th point of a walk. */
    public int memberIndexAt(int walkStart, int step) {
        return indexAt(walkStart, step);
    }

    /** The member at {@code index} in {@link #members()} order. */
    public Member memberAt(int index) {
        return members[index];
    }

    /**
     * The bounded-load capacity {@code ceil(c x (totalLive + 1) x weight / usableWeight)} of a member,
     * where {@code usableWeight} is the weight of the members that can take new keys: members marked
     * down take none, so the others share the whole load between them.
     */
    public static long capacity(long weight, double loadFactor, long totalLive, long usableWeight) {
        return (long) Math.ceil(loadFactor * (totalLive + 1) * weight / (double) usableWeight);
    }

    private int indexAt(int start, int step) {
        int p = start + step;
        if (p >= points.length)
            p -= points.length;
        return (int) (flip(points[p]) & INDEX_MASK);
    }

    private int bucketOf(long position) {
        return (int) (position >>> bucketShift);
    }

    private static long flip(long v) {
        return v ^ Long.MIN_VALUE;
    }

    /** Members in name order. */
    public List<Member> members() {
        return memberList;
    }

    /** The member called {@code name}, or null. */
    public Member member(String name) {
        int index = indexOf(name);
        return index < 0 ? null : members[index];
    }

    /** The index in {@link #members()} order of the member called {@code name}, or -1. Allocates nothing. */
    public int indexOf(String name) {
        int lo = 0, hi = members.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = members[mid].name().compareTo(name);
            if (c == 0)
                return mid;
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        return -1;
    }

    public boolean contains(String name) {
        return member(name) != null;
    }

    public int size() {
        return members.length;
    }

    public int virtualNodes() {
        return virtualNodes;
    }

    public long totalWeight() {
        return totalWeight;
    }

    /** Number of points on the circle. */
    public int pointCount() {
        return points.length;
    }

    /**
     * Heap bytes of the arrays this ring owns (points, bucket table, member references), computed
     * for a 64-bit JVM with compressed references: a 16-byte array header, sizes rounded up to 8.
     * The {@link Member} objects and their strings are shared with whoever built the ring and are
     * not counted; neither are the few dozen bytes of this object and its list view.
     */
    public long footprintBytes() {
        return arrayBytes(8, points.length) + arrayBytes(4, bucketStart.length)
                + arrayBytes(4, members.length);
    }

    private static long arrayBytes(int elementBytes, int length) {
        return (16L + (long) elementBytes * length + 7) & ~7L;
    }

    @Override
    public String toString() {
        return "HashRing" + memberList + " (" + points.length + " points)";
    }
}
