package io.guacdaffinity.membership;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefreshDelaysTest {

    private static long after(RefreshDelays d, long ttl) {
        return d.afterAnswer(ttl).toMillis();
    }

    @Test
    void ttlIsClampedBetweenMinAndMax() {
        RefreshDelays d = new RefreshDelays(5, 30, () -> 0.0);
        assertEquals(5_000, after(d, 1));
        assertEquals(12_000, after(d, 12));
        assertEquals(30_000, after(d, 3600));
        assertEquals(5_000, after(d, Resolution.UNKNOWN_TTL), "no TTL: ask again soon");
    }

    @Test
    void jitterShortensByAtMostATenthAndNeverGoesBelowMin() {
        RefreshDelays d = new RefreshDelays(5, 30, () -> 0.999999);
        assertEquals(27_000, after(d, 30));
        assertEquals(9_000, after(d, 10));
        assertEquals(5_000, after(d, 5), "at refresh-min there is no room to jitter");
        assertEquals(5_000, after(d, 5), "at refresh-min there is no room to jitter");
        RefreshDelays half = new RefreshDelays(5, 30, () -> 0.5);
        long v = after(half, 20);
        assertTrue(v > 18_000 && v < 20_000, "got " + v);
    }

    @Test
    void failuresBackOffDoublingUpToMax() {
        RefreshDelays d = new RefreshDelays(1, 10, () -> 0.0);
        assertEquals(1_000, d.afterFailure(1).toMillis());
        assertEquals(2_000, d.afterFailure(2).toMillis());
        assertEquals(4_000, d.afterFailure(3).toMillis());
        assertEquals(8_000, d.afterFailure(4).toMillis());
        assertEquals(10_000, d.afterFailure(5).toMillis());
        assertEquals(10_000, d.afterFailure(1_000_000).toMillis(), "never beyond refresh-max, never overflows");
    }

    @Test
    void rejectsAnEmptyInterval() {
        assertThrows(IllegalArgumentException.class, () -> new RefreshDelays(10, 5, () -> 0.0));
        assertThrows(IllegalArgumentException.class, () -> new RefreshDelays(0, 5, () -> 0.0));
    }
}
