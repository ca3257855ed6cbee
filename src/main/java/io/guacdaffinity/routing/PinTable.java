package io.guacdaffinity.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Which member each key is pinned to. A pin lives while it has live tunnels or was used within the
 * pin timeout; an expired pin is as good as absent. The table holds at most {@code maxPins}; beyond
 * that the pins idle longest without live tunnels are forgotten first. Reads take no lock.
 */
public final class PinTable {

    private final ConcurrentHashMap<String, Pin> pins = new ConcurrentHashMap<>();
    private final long timeoutMillis;
    private final int maxPins;
    private final LongSupplier clock;

    /**
     * @param timeoutMillis how long a pin outlives its last use
     * @param maxPins most pins kept
     * @param clock current time in milliseconds
     */
    public PinTable(long timeoutMillis, int maxPins, LongSupplier clock) {
        if (timeoutMillis < 0)
            throw new IllegalArgumentException("pin timeout " + timeoutMillis + " ms is negative");
        if (maxPins < 1)
            throw new IllegalArgumentException("max pins " + maxPins + " is not at least 1");
        this.timeoutMillis = timeoutMillis;
        this.maxPins = maxPins;
        this.clock = clock;
    }

    /** The member {@code key} is pinned to, or null when it has no living pin. */
    public String pinnedMember(String key) {
        Pin pin = livePin(key);
        return pin == null ? null : pin.member;
    }

    Pin livePin(String key) {
        Pin pin = pins.get(key);
        if (pin == null)
            return null;
        long now = clock.getAsLong();
        if (pin.alive(now))
            return pin;
        removeIfIdle(pin, now, true);
        return null;
    }

    /**
     * Pins {@code key} to {@code member} and counts one live tunnel on the pin, keeping the existing
     * pin when it already names that member and is alive; returns the pin now in force. Counting
     * happens inside the table's per-key update, so no sweep can take the pin between its making and
     * its first tunnel (a pin of a live tunnel is never forgotten); the caller releases it once.
     */
    Pin pinAndAcquire(String key, String member) {
        long now = clock.getAsLong();
        Pin pinned = pins.compute(key, (k, existing) -> {
            Pin p = existing != null && existing.member.equals(member) && existing.alive(now)
                    ? existing : new Pin(k, member, now);
            p.acquire(now);
            return p;
        });
        if (pins.size() > maxPins) {
            try {
                evict(now);
            }
            catch (RuntimeException e) {
                // the caller gets no pin to release: give back the count taken above
                pinned.release();
                throw e;
            }
        }
        return pinned;
    }

    /**
     * Removes {@code pin} if it is still the key's pin and has no live tunnel (and, when
     * {@code expiredOnly}, has outlived the timeout), atomically with {@link #pinAndAcquire}.
     */
    private void removeIfIdle(Pin pin, long now, boolean expiredOnly) {
        pins.computeIfPresent(pin.key, (k, current) -> current == pin && current.live.get() == 0
                && (!expiredOnly || !current.alive(now)) ? null : current);
    }

    /** Drops expired pins, then the longest-idle pins without live tunnels, until the table fits again. */
    private void evict(long now) {
        for (Pin p : pins.values()) {
            if (!p.alive(now))
                removeIfIdle(p, now, true);
        }
        int excess = pins.size() - maxPins;
        if (excess <= 0)
            return;
        // Evict a tenth more than needed so a full table does not sort on every new key.
        int target = excess + Math.max(1, maxPins / 10);
        // Sort on each pin's last use as read once: other connects touch pins meanwhile, and a key
        // that changes during the sort breaks its contract (TimSort throws).
        List<Idle> idle = new ArrayList<>();
        for (Pin p : pins.values()) {
            if (p.live.get() == 0)
                idle.add(new Idle(p, p.lastUsed));
        }
        idle.sort(Comparator.comparingLong(x -> x.lastUsed));
        for (int i = 0; i < idle.size() && i < target; i++)
            removeIfIdle(idle.get(i).pin, now, false);
    }

    private static final class Idle {

        final Pin pin;
        final long lastUsed;

        Idle(Pin pin, long lastUsed) {
            this.pin = pin;
            this.lastUsed = lastUsed;
        }
    }

    /** Number of pins held, living or not yet swept. */
    public int size() {
        return pins.size();
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }

    public int maxPins() {
        return maxPins;
    }

    /** Every living pin, ordered by key. */
    public List<PinView> snapshot() {
        long now = clock.getAsLong();
        List<PinView> out = new ArrayList<>();
        for (Map.Entry<String, Pin> e : pins.entrySet()) {
            Pin p = e.getValue();
            if (p.alive(now))
                out.add(new PinView(p.key, p.member, p.lastUsed, p.live.get()));
        }
        out.sort(Comparator.comparing(PinView::key));
        return Collections.unmodifiableList(out);
    }

    /** One pin: the member it names, when it was last used and how many tunnels of its key are live. */
    final class Pin {

        final String key;
        final String member;
        final AtomicInteger live = new AtomicInteger();
        volatile long lastUsed;

        Pin(String key, String member, long now) {
            this.key = key;
            this.member = member;
            this.lastUsed = now;
        }

        boolean alive(long now) {
            return live.get() > 0 || now - lastUsed < timeoutMillis;
        }

        void touch(long now) {
            if (now > lastUsed)
                lastUsed = now;
        }

        void acquire(long now) {
            live.incrementAndGet();
            touch(now);
        }

        void release() {
            live.decrementAndGet();
            touch(clock.getAsLong());
        }
    }

    /** An immutable view of one pin for status pages. */
    public static final class PinView {

        private final String key;
        private final String member;
        private final long lastUsedMillis;
        private final int liveTunnels;

        PinView(String key, String member, long lastUsedMillis, int liveTunnels) {
            this.key = key;
            this.member = member;
            this.lastUsedMillis = lastUsedMillis;
            this.liveTunnels = liveTunnels;
        }

        public String key() {
            return key;
        }

        public String member() {
            return member;
        }

        public long lastUsedMillis() {
            return lastUsedMillis;
        }

        public int liveTunnels() {
            return liveTunnels;
        }

        @Override
        public String toString() {
            return key + " -> " + member + " (" + liveTunnels + " live)";
        }
    }
}
