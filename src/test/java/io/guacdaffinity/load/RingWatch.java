package io.guacdaffinity.load;

import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.Router;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Notes when the router's ring changes (it polls every few milliseconds: the router swaps an
 * immutable snapshot, there is nothing to subscribe to), so that the delay from a DNS change to the
 * ring that uses it can be measured.
 */
final class RingWatch implements AutoCloseable {

    private static final long POLL_MILLIS = 2;

    /** One ring the router used, and when the watch first saw it. */
    static final class Change {

        final long atNanos;
        final Set<String> members;

        Change(long atNanos, Set<String> members) {
            this.atNanos = atNanos;
            this.members = members;
        }
    }

    private final Router router;
    private final List<Change> changes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    RingWatch(Router router) {
        this.router = router;
        this.thread = new Thread(this::watch, "ring-watch");
        thread.setDaemon(true);
        thread.start();
    }

    static Set<String> names(HashRing ring) {
        Set<String> names = new TreeSet<>();
        if (ring != null) {
            for (Member m : ring.members())
                names.add(m.name());
        }
        return names;
    }

    private void watch() {
        HashRing seen = null;
        while (!stopped) {
            HashRing now = router.ring();
            if (now != seen) {
                Change change = new Change(System.nanoTime(), names(now));
                synchronized (this) {
                    changes.add(change);
                    notifyAll();
                }
                seen = now;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            }
            catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Waits for the first ring with exactly {@code members} seen at or after {@code sinceNanos}, or
     * the one in force then if it already has them.
     *
     * @return when the watch saw it, or -1 if none came within {@code timeoutMillis}
     */
    synchronized long awaitMembers(Set<String> members, long sinceNanos, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            int from = 0;
            for (int i = 0; i < changes.size(); i++) {
                if (changes.get(i).atNanos <= sinceNanos)
                    from = i;
            }
            for (int i = from; i < changes.size(); i++) {
                Change c = changes.get(i);
                if (c.members.equals(members))
                    return Math.max(c.atNanos, sinceNanos);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0)
                return -1;
            wait(Math.max(1, left / 1_000_000L));
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(5000);
    }
}
