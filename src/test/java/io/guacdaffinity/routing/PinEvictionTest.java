package io.guacdaffinity.routing;

import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A key whose tunnel is live must keep its pin, even when the table is full of other live pins. */
class PinEvictionTest {

    @Test
    void aNewPinWithALiveTunnelSurvivesAFullTable() throws Exception {
        AtomicLong clock = new AtomicLong(1_000);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 3; i++)
            members.add(new Member("guacd-" + i, "10.0.0." + (i + 1), 4822));
        AtomicReference<HashRing> ring = new AtomicReference<>(HashRing.of(members, 100));
        Router router = new Router(ring::get, new PinTable(3_600_000, 10, clock::get), new LoadTracker(),
                new Health(30_000, clock::get), 3, 0);
        for (int i = 0; i < 10; i++)
            router.open(AffinityKey.of(KeyMode.USER, "busy" + i, "s", "a", "c"), m -> m);
        AffinityKey key = AffinityKey.of(KeyMode.USER, "late", "s", "a", "c");
        Routed<Member> routed = router.open(key, m -> m);
        assertEquals(false, routed.lease().released());
        assertEquals(routed.decision().member().name(), router.pins().pinnedMember(key.text()),
                "the key's tunnel is live on " + routed.decision().member().name() + " but its pin is gone");
    }

    @Test
    void withAZeroPinTimeoutAPinLivesExactlyAsLongAsItsTunnels() throws Exception {
        AtomicLong clock = new AtomicLong(1_000);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 3; i++)
            members.add(new Member("guacd-" + i, "10.0.0." + (i + 1), 4822));
        HashRing ring = HashRing.of(members, 100);
        Router router = new Router(() -> ring, new PinTable(0, 10, clock::get), new LoadTracker(),
                new Health(30_000, clock::get), 3, 0);
        AffinityKey key = AffinityKey.of(KeyMode.USER, "zero", "s", "a", "c");
        Routed<Member> routed = router.open(key, m -> m);
        assertEquals(routed.decision().member().name(), router.pins().pinnedMember(key.text()),
                "a pin with a live tunnel vanished with pin timeout 0");
        routed.lease().release();
        assertEquals(null, router.pins().pinnedMember(key.text()), "with pin timeout 0 an idle pin is gone at once");
    }
}
