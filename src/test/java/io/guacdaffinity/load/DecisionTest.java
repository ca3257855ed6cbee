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

    /**
     * The line of a connect placed on guacd-stateful-{@code ordinal} for {@code reason}, with the load check's
     * verdict on each member it looked at in brackets, or no brackets where {@code checks} is empty.
     */
    private static Decision placedOn(int ordinal, String reason, String checks) {
        return Decision.parse(PREFIX + " on guacd guacd-stateful-" + ordinal + " (127.0.1." + ordinal + ":40311) reason "
                + reason + " key user in 0.4 ms" + (checks.isEmpty() ? "" : " [" + checks + "]"));
    }

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
        Decision d = placedOn(2, "PINNED", "");
        assertEquals(-1, d.usableWeight);
        assertFalse(d.placedByRing());
        assertTrue(d.joinedLive());
    }

    @Test
    void aConnectJoiningItsKeysLiveTunnelsShowsItsLoadCheck() {
        Decision d = placedOn(2, "LIVE", "guacd-stateful-2 chosen (the key's live tunnels are there; 4 live, capacity 9"
                + " = ceil(1.25 x 14 x 1 / 2))");
        assertEquals(2, d.usableWeight);
        assertTrue(d.joinedLive());
        assertFalse(d.placedByRing());
        assertFalse(d.allFull);
    }

    @Test
    void aSpillPastTheKeysFullLiveMemberIsRecognised() {
        Decision d = placedOn(0, "SPILL", "guacd-stateful-2 skipped_full (the key's live tunnels are there; 9 live,"
                + " capacity 9 = ceil(1.25 x 20 x 1 / 3)), guacd-stateful-0 chosen (6 live, capacity 9"
                + " = ceil(1.25 x 20 x 1 / 3))");
        assertTrue(d.skippedFull("guacd-stateful-2"));
        assertEquals(3, d.usableWeight);
        assertTrue(d.placedByRing());
        assertFalse(d.allFull);
    }

    @Test
    void theFallbackWithEveryMemberFullIsRecognised() {
        Decision d = placedOn(0, "RING", "guacd-stateful-0 skipped_full (3 live, capacity 3 = ceil(1.25 x 5 x 1 / 3)),"
                + " guacd-stateful-0 chosen (every member at capacity)");
        assertTrue(d.allFull);
        assertEquals(-1, d.usableWeight);
    }

    @Test
    void theFallbackNamedAsSuchIsRecognised() {
        Decision d = placedOn(1, "SPILL", "guacd-stateful-0 skipped_full (3 live, capacity 3 = ceil(1.25 x 5 x 1 / 3)),"
                + " guacd-stateful-1 skipped_full (3 live, capacity 3 = ceil(1.25 x 5 x 1 / 3)), guacd-stateful-1 chosen"
                + " (every member at capacity)");
        assertTrue(d.allFull);
    }

    @Test
    void otherLinesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Decision.parse("[main] INFO something else"));
    }
}
