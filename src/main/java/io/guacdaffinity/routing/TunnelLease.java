package io.guacdaffinity.routing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One live tunnel counted on its member (and on its key's pin, when it has one). {@link #release()}
 * undoes the count exactly once, however often and from however many threads it is called.
 */
public final class TunnelLease {

    private final String member;
    private final AtomicInteger memberCounter;
    private volatile PinTable.Pin pin;
    private final AtomicBoolean released = new AtomicBoolean();

    TunnelLease(String member, AtomicInteger memberCounter) {
        this.member = member;
        this.memberCounter = memberCounter;
    }

    /** Makes {@link #release()} also release {@code pin}, already counted by {@link PinTable#pinAndAcquire}. */
    void attach(PinTable.Pin pin) {
        this.pin = pin;
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
        PinTable.Pin p = pin;
        if (p != null)
            p.release();
        return true;
    }
}
