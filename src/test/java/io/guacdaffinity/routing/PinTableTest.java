package io.guacdaffinity.routing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PinTableTest {

    private final AtomicLong clock = new AtomicLong();

    @Test
    void manyKeysNeverGrowTheTableBeyondItsBoundAndLivePinsSurvive() {
        PinTable pins = new PinTable(60_000, 1000, clock::get);
        List<TunnelLease> live = new ArrayList<>();
        LoadTracker loads = new LoadTracker();
        for (int i = 0; i < 100; i++) {
            TunnelLease lease = new TunnelLease("m", loads.increment("m"));
            lease.attach(pins.pinAndAcquire("live" + i, "m"));
            live.add(lease);
        }
        for (int i = 0; i < 20_000; i++) {
            clock.incrementAndGet();
            pins.pinAndAcquire("key" + i, "m" + (i % 3)).release();
            assertTrue(pins.size() <= 1000, "table grew to " + pins.size());
        }
        for (int i = 0; i < 100; i++)
            assertEquals("m", pins.pinnedMember("live" + i), "a pin with a live tunnel was evicted");
        assertEquals("m1", pins.pinnedMember("key19999"), "the newest pin must stay");
        assertNull(pins.pinnedMember("key0"), "the oldest idle pin must go");
        live.forEach(TunnelLease::release);
        assertEquals(0, loads.liveTunnels("m"));
    }

    @Test
    void zeroTimeoutKeepsAPinOnlyWhileItHasLiveTunnels() {
        PinTable pins = new PinTable(0, 10, clock::get);
        LoadTracker loads = new LoadTracker();
        TunnelLease lease = new TunnelLease("m", loads.increment("m"));
        lease.attach(pins.pinAndAcquire("k", "m"));
        assertEquals("m", pins.pinnedMember("k"));
        lease.release();
        assertNull(pins.pinnedMember("k"));
    }

    @Test
    void healthComesBackByTheClockAlone() {
        Health health = new Health(30_000, clock::get);
        health.markDown("m");
        assertTrue(health.isDown("m"));
        assertEquals(List.of("m"), new ArrayList<>(health.downMembers().keySet()));
        clock.addAndGet(30_000);
        assertTrue(!health.isDown("m"));
        assertTrue(health.downMembers().isEmpty());
    }
}
