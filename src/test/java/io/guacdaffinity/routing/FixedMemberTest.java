package io.guacdaffinity.routing;

import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A connection fixed to one member must not move the live tunnels of the user's other sessions. */
class FixedMemberTest {

    @Test
    void aFixedConnectLeavesTheUsersLiveTunnelsAlone() throws Exception {
        AtomicLong clock = new AtomicLong(1_000);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 3; i++)
            members.add(new Member("guacd-" + i, "10.0.0." + (i + 1), 4822));
        HashRing ring = HashRing.of(members, 100);
        Router router = TestRouter.over(ring).loadFactor(0).clock(clock::get).build();
        AffinityKey alice = AffinityKey.of(KeyMode.USER, "alice", "s", "a", "c");
        Routed<Member> desktop = router.open(alice, m -> m);
        String home = desktop.decision().member().name();
        String other = home.equals("guacd-0") ? "guacd-1" : "guacd-0";
        router.openOn(other, RouteDecision.Reason.FIXED, alice, m -> m);
        Routed<Member> secondDesktop = router.open(alice, m -> m);
        assertEquals(home, secondDesktop.decision().member().name(),
                "alice's desktop session is live on " + home + ", yet her next routed connect went to the fixed"
                        + " member (reason " + secondDesktop.decision().reason() + ")");
    }
}
