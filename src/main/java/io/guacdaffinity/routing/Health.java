package io.guacdaffinity.routing;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Members that recently failed a connect. A member stays down for the cool-down after its last
 * failure and comes back by the clock alone, so a guacd that restarts is used again without anyone
 * having to notice.
 */
public final class Health {

    private final ConcurrentHashMap<String, Long> downUntil = new ConcurrentHashMap<>();
    private final long cooldownMillis;
    private final LongSupplier clock;

    /**
     * @param cooldownMillis how long a failed member is skipped
     * @param clock current time in milliseconds
     */
    public Health(long cooldownMillis, LongSupplier clock) {
        if (cooldownMillis < 0)
            throw new IllegalArgumentException("cool-down " + cooldownMillis + " ms is negative");
        this.cooldownMillis = cooldownMillis;
        this.clock = clock;
    }

    public void markDown(String member) {
        long until = clock.getAsLong() + cooldownMillis;
        downUntil.merge(member, until, Math::max);
    }

    public boolean isDown(String member) {
        Long until = downUntil.get(member);
        if (until == null)
            return false;
        if (until > clock.getAsLong())
            return true;
        downUntil.remove(member, until);
        return false;
    }

    /** False when no member was marked down within a cool-down: the common case, answered without a clock. */
    public boolean anyDown() {
        return !downUntil.isEmpty();
    }

    /** Members down now, each with the time (ms since the epoch of the clock) it comes back. */
    public Map<String, Long> downMembers() {
        long now = clock.getAsLong();
        Map<String, Long> out = new TreeMap<>();
        downUntil.forEach((name, until) -> {
            if (until > now)
                out.put(name, until);
        });
        return Collections.unmodifiableMap(out);
    }

    public long cooldownMillis() {
        return cooldownMillis;
    }
}
