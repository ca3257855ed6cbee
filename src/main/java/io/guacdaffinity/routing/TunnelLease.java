package io.guacdaffinity.routing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One live tunnel counted on its member (and among its key's live tunnels, when it has a key).
 * {@link #release()} undoes the counts exactly once, however often and from however many threads it
 * is called.
 */
public final class TunnelLease {

    private final String member;
    private final AtomicInteger memberCounter;
    private volatile LiveKeys liveKeys;
    private volatile String key;
    private final AtomicBoolean released = new AtomicBoolean();

    TunnelLease(String member, AtomicInteger memberCounter) {
        this.member = member;
        this.memberCounter = memberCounter;
    }

    /** Makes {@link #release()} also release the tunnel of {@code key}, already counted in {@code keys}. */
    void attach(LiveKeys keys, String key) {
        this.key = key;
        this.liveKeys = keys;
    }

    public String member() {
        return member;
    }

    public boolean released() {
        return released.get();
    }

    /** Returns true the one time it actually released. */
    public boolean release() {
        if (!released.compareAndSet(false, true))
            return false;
        memberCounter.decrementAndGet();
        LiveKeys keys = liveKeys;
        if (keys != null)
            keys.release(key, member);
        return true;
    }
}
