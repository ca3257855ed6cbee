package io.guacdaffinity.routing;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Members marked down, by evidence about the member only (contract 4): a failed TCP connect or TLS
 * handshake, a close before guacd's first word, failed health checks, or silence from several
 * different users. A member stays down for the cool-down after its last failure, or until a health
 * check passes, whichever comes first: with checks on, a guacd that is back is used within one
 * check interval; without them, it comes back by the clock alone.
 */
public final class Health {

    /** Different keys whose connects a member must leave unanswered, within one cool-down, to be marked down. */
    public static final int SILENT_KEYS_TO_MARK_DOWN = 3;

    private final ConcurrentHashMap<String, Long> downUntil = new ConcurrentHashMap<>();
    /** Per member, the keys it left unanswered and when: one user's request says nothing about the member. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Long>> silences = new ConcurrentHashMap<>();
    private final long cooldownMillis;
    private final LongSupplier clock;
    /** Per member, times it went from usable to marked down, and back by a passing health check. */
    private final ConcurrentHashMap<String, LongAdder> markedDown = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> markedUp = new ConcurrentHashMap<>();

    /**
     * @param cooldownMillis how long a failed member is skipped at most without a passing health check
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
        boolean wasUp = !isDown(member);
        downUntil.merge(member, until, Math::max);
        if (wasUp)
            markedDown.computeIfAbsent(member, m -> new LongAdder()).increment();
    }

    /** A health check passed: the member is usable again at once. Returns whether it was down. */
    public boolean markUp(String member) {
        silences.remove(member);
        Long until = downUntil.remove(member);
        boolean wasDown = until != null && until > clock.getAsLong();
        if (wasDown)
            markedUp.computeIfAbsent(member, m -> new LongAdder()).increment();
        return wasDown;
    }

    /** Times each member went from usable to marked down since start-up. */
    public Map<String, Long> markedDownCounts() {
        return sums(markedDown);
    }

    /** Times a passing health check made each member usable again before its cool-down ended. */
    public Map<String, Long> markedUpCounts() {
        return sums(markedUp);
    }

    private static Map<String, Long> sums(ConcurrentHashMap<String, LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((name, adder) -> out.put(name, adder.sum()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Records that {@code member} left the connect of {@code key} unanswered; returns true when
     * {@value #SILENT_KEYS_TO_MARK_DOWN} different keys met its silence within one cool-down, which
     * confirms a hung guacd rather than a request it ignores.
     */
    public boolean noteSilence(String member, String key) {
        long now = clock.getAsLong();
        ConcurrentHashMap<String, Long> seen = silences.computeIfAbsent(member, m -> new ConcurrentHashMap<>());
        seen.values().removeIf(at -> now - at > cooldownMillis);
        seen.put(key, now);
        return seen.size() >= SILENT_KEYS_TO_MARK_DOWN;
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

    /** Members down now, each with the time (ms since the epoch of the clock) it comes back at the latest. */
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
