package io.guacdaffinity.load;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every connect of a run on one event clock, and the live sessions per guacd as the users see them.
 * A session counts from just before its connect is called until just after its close returned, so
 * at any instant the ledger counts at least every tunnel the router counts (the router counts from
 * its choice to the tunnel's release, both inside that span).
 */
final class Ledger {

    private final AtomicLong clock = new AtomicLong();
    private final ConcurrentLinkedQueue<Session> sessions = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<String, AtomicInteger> live = new ConcurrentHashMap<>();

    Session begin(String user, boolean second) {
        Session s = new Session(user, second, clock.getAndIncrement());
        sessions.add(s);
        return s;
    }

    void opened(Session s, String member) {
        s.endSeq = clock.getAndIncrement();
        s.openNanos = System.nanoTime();
        live.computeIfAbsent(member, m -> new AtomicInteger()).incrementAndGet();
    }

    void failed(Session s, String failure) {
        s.endSeq = clock.getAndIncrement();
        s.failed = true;
        s.failure = failure;
    }

    void closing(Session s) {
        s.closeStartedAt = Instant.now();
        s.closeStartSeq = clock.getAndIncrement();
    }

    void closed(Session s) {
        s.closeEndSeq = clock.getAndIncrement();
        s.closedNanos = System.nanoTime();
        live.get(s.servedBy).decrementAndGet();
    }

    /** Live sessions on {@code member} now. */
    int live(String member) {
        AtomicInteger n = live.get(member);
        return n == null ? 0 : n.get();
    }

    Map<String, Integer> liveByMember() {
        Map<String, Integer> out = new TreeMap<>();
        live.forEach((m, n) -> out.put(m, n.get()));
        return out;
    }

    /** The clock's next value: every event so far happened before it. */
    long now() {
        return clock.get();
    }

    List<Session> sessions() {
        return new ArrayList<>(sessions);
    }
}
