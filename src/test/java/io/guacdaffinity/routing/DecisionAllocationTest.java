package io.guacdaffinity.routing;

import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.ring.RingFixtures;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The placement decision allocates nothing, with live counts present, keys with live tunnels and
 * members at capacity to walk past: the connect path creates no garbage before it opens a socket.
 */
class DecisionAllocationTest {

    @Test
    void aDecisionAllocatesNothingUpToAHundredMembers() throws Exception {
        for (int n : new int[] {5, 100}) {
            HashRing ring = HashRing.of(RingFixtures.members(RingFixtures.statefulNames(n)), 100);
            Router router = TestRouter.over(ring).build();
            // Live load: 20 sessions per member on average, so some members are full and keys spill.
            List<Routed<Member>> live = new ArrayList<>();
            for (int i = 0; i < 20 * n; i++)
                live.add(router.open(AffinityKey.of(KeyMode.USER, "seated-" + (i % (10 * n))), m -> m));
            AffinityKey[] keys = new AffinityKey[4096];
            for (int i = 0; i < keys.length; i++)
                keys[i] = AffinityKey.of(KeyMode.USER, i % 2 == 0 ? "seated-" + i : "student-" + i);

            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().getId();
            int calls = 200_000;
            long sink = 0;
            for (int i = 0; i < calls; i++)  // warm up: class loading, the per-thread walk set, profiling
                sink += router.peek(keys[i & 4095]).port();
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < calls; i++)
                sink += router.peek(keys[i & 4095]).port();
            long bytes = threads.getThreadAllocatedBytes(thread) - before;
            assertTrue(sink > 0);
            // One allocated object per call would be at least 16 bytes x 200,000 calls.
            assertTrue(bytes < calls, n + " members: a decision allocated " + bytes + " bytes over " + calls + " calls");
            live.forEach(r -> r.lease().release());
        }
    }
}
