package io.guacdaffinity.ring;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heap used by a 1000-member ring at default settings. Three measurements, from exact to rough:
 * {@link HashRing#footprintBytes()} sums the ring's own arrays; the bytes this thread allocates
 * while building the ring bound from above everything the ring can retain (it retains nothing it
 * did not allocate, and the members were built beforehand); a full-GC heap difference shows the
 * ring really keeps that much alive. The last one is printed but only checked from below: G1
 * stores an array larger than half a region in whole regions of its own, so the heap it reports
 * for the ring is rounded up (16 MiB = 16.8 MB with the 4 MiB regions of a 6 GB default heap:
 * three regions for the points, one for the bucket table) although the objects hold 14.1 MB.
 */
class HashRingFootprintTest {

    private static final long LIMIT = 16_000_000L;

    @Test
    void thousandMemberRingTakesAtMost16MB() {
        List<Member> members = RingFixtures.members(RingFixtures.statefulNames(1000));
        HashRing.of(RingFixtures.members(RingFixtures.statefulNames(3)));  // load and initialise classes first

        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long allocatedBefore = threads.getThreadAllocatedBytes(thread);
        HashRing ring = HashRing.of(members);
        long allocated = threads.getThreadAllocatedBytes(thread) - allocatedBefore;

        assertEquals(1000L * HashRing.DEFAULT_VIRTUAL_NODES, ring.pointCount());
        long footprint = ring.footprintBytes();
        // 1.5 M points x 8 bytes + a 2^19-entry bucket table x 4 bytes + 1000 member references.
        assertEquals((16 + 8L * 1_500_000) + (16 + 4L * ((1 << 19) + 1) + 4) + (16 + 4L * 1000), footprint);
        assertTrue(footprint <= LIMIT, "footprintBytes " + footprint);
        assertTrue(allocated >= footprint, "building allocated " + allocated + " bytes, less than the "
                + footprint + " the ring claims to hold");
        assertTrue(allocated <= LIMIT, "building the ring allocated " + allocated + " bytes");

        AtomicReference<HashRing> holder = new AtomicReference<>(ring);
        ring = null;
        long withRing = usedAfterFullGc();
        holder.set(null);
        long withoutRing = usedAfterFullGc();
        long retained = withRing - withoutRing;
        System.out.printf("footprint N=1000: footprintBytes %d, allocated while building %d,"
                + " heap difference after full GC %d (GC region rounding included)%n", footprint, allocated, retained);
        assertTrue(retained >= footprint * 9 / 10, "heap shrank by only " + retained
                + " bytes when the ring was dropped; footprintBytes says " + footprint);
    }

    private static long usedAfterFullGc() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
