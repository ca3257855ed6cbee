package io.guacdaffinity.routing;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Live tunnels per member name, as counted by this Guacamole replica. */
public final class LoadTracker {

    private final ConcurrentHashMap<String, AtomicInteger> live = new ConcurrentHashMap<>();

    /** Counts one more live tunnel on {@code member}; the returned counter is what to decrement later. */
    AtomicInteger increment(String member) {
        AtomicInteger counter = live.computeIfAbsent(member, m -> new AtomicInteger());
        counter.incrementAndGet();
        return counter;
    }

    /**
     * Counts one more live tunnel on {@code member} only if it holds fewer than {@code capacity}, in
     * one atomic step: two connects that both read "one slot left" cannot both take it.
     *
     * @return the counter to decrement later, or null when the member is full
     */
    AtomicInteger incrementBelow(String member, long capacity) {
        AtomicInteger counter = live.computeIfAbsent(member, m -> new AtomicInteger());
        for (int now = counter.get(); now < capacity; now = counter.get()) {
            if (counter.compareAndSet(now, now + 1))
                return counter;
        }
        return null;
    }

    public int liveTunnels(String member) {
        AtomicInteger counter = live.get(member);
        return counter == null ? 0 : counter.get();
    }

    /** Sum of live tunnels over the given members. */
    public long totalLive(Iterable<String> members) {
        long total = 0;
        for (String m : members)
            total += liveTunnels(m);
        return total;
    }

    /** Live tunnels per member, members without any left out. */
    public Map<String, Integer> snapshot() {
        Map<String, Integer> out = new TreeMap<>();
        live.forEach((name, counter) -> {
            int n = counter.get();
            if (n != 0)
                out.put(name, n);
        });
        return Collections.unmodifiableMap(out);
    }
}
