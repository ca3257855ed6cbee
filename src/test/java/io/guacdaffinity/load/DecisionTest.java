package io.guacdaffinity.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness reads the extension's decision lines; these are lines in the format TunnelRouter logs. */
class DecisionTest {

    private static final String PREFIX = "[user-7] INFO io.guacdaffinity.tunnel.TunnelRouter - user \"u7\""
            + " -> connection \"desktop\" (desktop)";

    @Test
    void aSpillAfterADeadMemberShowsTheWeightTheRouterDividedBy() {
        Decision d = Decision.parse(PREFIX + " on guacd guacd-stateful-1 (127.0.1.1:40311) reason FAILOVER key user"
                + " in 5.0 ms [guacd-stateful-0 unreachable (refused), guacd-stateful-2 skipped_full (9 live, capacity"
                + " 9 = ceil(1.25 x 14 x 1 / 2)), guacd-stateful-1 chosen (4 live, capacity 9 = ceil(1.25 x 14 x 1 / 2))]");
        assertEquals("guacd-stateful-1", d.member);
        assertEquals("FAILOVER", d.reason);
        assertEquals(1, d.unreachable);
        assertEquals(2, d.usableWeight);
        assertFalse(d.allFull);
        assertTrue(d.placedByRing());
        assertFalse(d.joinedLive());
        assertTrue(d.skippedFull("guacd-stateful-2"));
        assertFalse(d.skippedFull("guacd-stateful-1"));
    }

    @Test
    void aPinnedConnectHasNoLoadCheck() {
        Decision d = Decision.parse(PREFIX + " on guacd guacd-stateful-2 (127.0.1.2:40311) reason PINNED key user in 0.4 ms");
        assertEquals(-1, d.usableWeight);
        assertFalse(d.placedByRing());
        assertTrue(d.joinedLive());
    }

    @Test
    void aConnectJoiningItsKeysLiveTunnelsShowsItsLoadCheck() {
        Decision d = Decision.parse(PREFIX + " on guacd guacd-stateful-2 (127.0.1.2:40311) reason LIVE key user in 0.4 ms"
                + " [guacd-stateful-2 chosen (the key's live tunnels are there; 4 live, capacity 9"
                + " = ceil(1.25 x 14 x 1 / 2))]");
        assertEquals(2, d.usableWeight);
        assertTrue(d.joinedLive());
        assertFalse(d.placedByRing());
        assertFalse(d.allFull);
    }

    @Test
    void aSpillPastTheKeysFullLiveMemberIsRecognised() {
        Decision d = Decision.parse(PREFIX + " on guacd guacd-stateful-0 (127.0.1.0:40311) reason SPILL key user in 0.4 ms"
                + " [guacd-stateful-2 skipped_full (the key's live tunnels are there; 9 live, capacity 9"
                + " = ceil(1.25 x 20 x 1 / 3)), guacd-stateful-0 chosen (6 live, capacity 9 = ceil(1.25 x 20 x 1 / 3))]");
        assertTrue(d.skippedFull("guacd-stateful-2"));
        assertEquals(3, d.usableWeight);
        assertTrue(d.placedByRing());
        assertFalse(d.allFull);
    }

    @Test
    void theFallbackWithEveryMemberFullIsRecognised() {
        Decision d = Decision.parse(PREFIX + " on guacd guacd-stateful-0 (127.0.1.0:40311) reason RING key user in 0.4 ms"
                + " [guacd-stateful-0 skipped_full (3 live, capacity 3 = ceil(1.25 x 5 x 1 / 3)), guacd-stateful-0 chosen"
                + " (every member at capacity)]");
        assertTrue(d.allFull);
        assertEquals(-1, d.usableWeight);
    }

    @Test
    void theFallbackNamedAsSuchIsRecognised() {
        Decision d = Decision.parse(PREFIX + " on guacd guacd-stateful-1 (127.0.1.1:40311) reason SPILL key user in 0.4 ms"
                + " [guacd-stateful-0 skipped_full (3 live, capacity 3 = ceil(1.25 x 5 x 1 / 3)), guacd-stateful-1"
                + " skipped_full (3 live, capacity 3 = ceil(1.25 x 5 x 1 / 3)), guacd-stateful-1 chosen (every member"
                + " at capacity)]");
        assertTrue(d.allFull);
    }

    @Test
    void otherLinesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Decision.parse("[main] INFO something else"));
    }
}
