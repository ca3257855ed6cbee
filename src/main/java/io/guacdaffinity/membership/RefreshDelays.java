package io.guacdaffinity.membership;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next look-up. Answers are trusted for their TTL, clamped to
 * [refresh-min, refresh-max]; failures back off from refresh-min, doubling, up to refresh-max.
 * Each delay is shortened by up to a tenth at random (never below refresh-min) so that many
 * Guacamole replicas started together do not keep asking DNS in the same instant.
 */
final class RefreshDelays {

    private static final double JITTER = 0.1;

    private final long minMillis;
    private final long maxMillis;
    private final DoubleSupplier random;

    /** @param random uniform values in [0, 1) */
    RefreshDelays(int minSeconds, int maxSeconds, DoubleSupplier random) {
        if (minSeconds < 1 || maxSeconds < minSeconds)
            throw new IllegalArgumentException("refresh interval [" + minSeconds + ", " + maxSeconds
                    + "] s is not accepted (1 <= min <= max)");
        this.minMillis = minSeconds * 1000L;
        this.maxMillis = maxSeconds * 1000L;
        this.random = random;
    }

    /** After an answer (with or without members) that may be trusted for {@code ttlSeconds}. */
    Duration afterAnswer(long ttlSeconds) {
        long base = ttlSeconds < 0 ? minMillis : clamp(Math.multiplyExact(Math.min(ttlSeconds, Integer.MAX_VALUE), 1000L));
        return jittered(base);
    }

    /** After the {@code consecutiveFailures}-th failed look-up in a row (1 for the first). */
    Duration afterFailure(int consecutiveFailures) {
        int doublings = Math.min(Math.max(consecutiveFailures - 1, 0), 30);
        long base = clamp(minMillis << doublings);
        return jittered(base);
    }

    /** Clamps {@code millis} to the configured interval. */
    long clamp(long millis) {
        return Math.max(minMillis, Math.min(maxMillis, millis));
    }

    long minMillis() {
        return minMillis;
    }

    long maxMillis() {
        return maxMillis;
    }

    private Duration jittered(long base) {
        long earliest = Math.max(minMillis, (long) (base * (1 - JITTER)));
        if (earliest >= base)
            return Duration.ofMillis(base);
        long span = base - earliest;
        return Duration.ofMillis(base - (long) (random.getAsDouble() * (span + 1)) );
    }
}
