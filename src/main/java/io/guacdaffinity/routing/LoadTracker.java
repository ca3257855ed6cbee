package io.guacdaffinity.routing;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Live tunnels per member name, as counted by this Guacamole replica. */
public final class LoadTracker {

    private final ConcurrentHashMap<String, AtomicInteger> live = new ConcurrentHashMap<>();

    /**
     * The live-tunnel counter of {@code member}. A member keeps its counter for the life of the
     * tracker, so the router may hold on to it across connects.
     */
    AtomicInteger counter(String member) {
        return live.computeIfAbsent(member, m -> new AtomicInteger());
    }

    /** Counts one more live tunnel on {@code member}; the returned counter is what to decrement later. */
    AtomicInteger increment(String member) {
        AtomicInteger counter = counter(member);
        counter.incrementAndGet();
        return counter;
    }

    /**
     * Counts one more live tunnel on {@code counter} only if it holds fewer than {@code capacity}, in
     * one atomic step: two connects that both read "one slot left" cannot both take it.
     *
     * @return false when the member is full
     */
    static boolean incrementBelow(AtomicInteger counter, long capacity) {
        for (int now = counter.get(); now < capacity; now = counter.get()) {
            if (counter.compareAndSet(now, now + 1))
                return true;
        }
        return false;
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
