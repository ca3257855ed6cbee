package io.guacdaffinity.routing;

import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A full pin table evicts while other connects touch the pins it sorts. Sorting on live values made
 * TimSort throw ("Comparison method violates its general contract") after the new pin was counted,
 * leaving it live forever; the bug showed within a second, so 5 s of contention is the check.
 */
class PinTableUnderContentionTest {

    @Test
    void evictingAFullTableWhileOtherConnectsTouchPinsNeitherFailsNorLeaksACount() throws Exception {
        AtomicLong clock = new AtomicLong(1_000);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 3; i++)
            members.add(new Member("guacd-" + i, "10.0.0." + (i + 1), 4822));
        HashRing ring = HashRing.of(members, 100);
        PinTable pins = new PinTable(3_600_000_000L, 4000, clock::incrementAndGet);
        Router router = new Router(() -> ring, pins, new LoadTracker(), new Health(30_000, clock::get), 3, 0);
        for (int i = 0; i < 4000; i++)
            router.open(AffinityKey.of(KeyMode.USER, "old" + i, "s", "a", "c"), m -> m).lease().release();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<String> leakedKey = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> {
            java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
            while (!stop.get()) {
                String k = "old" + r.nextInt(4000);
                try {
                    router.open(AffinityKey.of(KeyMode.USER, k, "s", "a", "c"), m -> m).lease().release();
                }
                catch (Throwable t) {
                    // ignore here
                }
            }
        }));
        threads.add(new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                String k = "new" + i;
                try {
                    router.open(AffinityKey.of(KeyMode.USER, k, "s", "a", "c"), m -> m).lease().release();
                }
                catch (Throwable t) {
                    thrown.set(t);
                    leakedKey.set("user:" + k);
                    stop.set(true);
                }
            }
        }));
        threads.forEach(Thread::start);
        long end = System.currentTimeMillis() + 5_000;
        while (!stop.get() && System.currentTimeMillis() < end)
            Thread.sleep(100);
        stop.set(true);
        for (Thread t : threads)
            t.join();
        assertEquals(null, thrown.get(), "a connect failed while the table evicted");
        for (PinTable.PinView v : pins.snapshot())
            assertEquals(0, v.liveTunnels(), "every tunnel was released, yet " + v + " still counts one");
    }
}
