package io.guacdaffinity.load;

import org.apache.guacamole.net.GuacamoleTunnel;

import java.time.Instant;

/**
 * One connect of a simulated user and the life of its tunnel, stamped on the run's event clock
 * ({@link Ledger}). Written by its user's thread under the user's lock; read by the checks after
 * the run, or under the same lock.
 */
final class Session {

    final String user;
    /** A second connection opened while the user's first one was live. */
    final boolean second;
    final long startSeq;
    final long startNanos = System.nanoTime();
    long endSeq = -1;
    long closeStartSeq = Long.MAX_VALUE;
    long closeEndSeq = Long.MAX_VALUE;
    /** {@link System#nanoTime()} when the connect returned, and when the close returned (MAX_VALUE: never). */
    long openNanos = Long.MAX_VALUE;
    long closedNanos = Long.MAX_VALUE;
    /** Wall time of the connect call, from the user's call to the tunnel open (or the error); -1: not yet. */
    long waitNanos = -1;
    /** Wall-clock time the user started closing it, to compare with the double's own record. */
    Instant closeStartedAt;

    boolean failed;
    String failure;
    GuacamoleTunnel tunnel;
    String connectionId;
    Decision decision;
    /** The double that issued the connection id. */
    String servedBy;
    int ringSizeBefore;
    int ringSizeAfter;
    /**
     * As the ledger saw it when the connect returned, before counting it: sessions on the member that
     * served it, on the whole ring, and the ring's members not marked down.
     */
    int liveOnMemberBefore;
    int liveOnRingBefore;
    int membersUpBefore;

    Session(String user, boolean second, long startSeq) {
        this.user = user;
        this.second = second;
        this.startSeq = startSeq;
    }

    boolean open() {
        return tunnel != null && closeStartSeq == Long.MAX_VALUE;
    }

    /**
     * Whether the session was open, or its connect under way, at {@code nanos}: placed by then (or
     * about to be) and not yet closed.
     */
    boolean openAt(long nanos) {
        return succeeded() && startNanos <= nanos && closedNanos > nanos;
    }

    boolean succeeded() {
        return !failed && endSeq >= 0;
    }
}
