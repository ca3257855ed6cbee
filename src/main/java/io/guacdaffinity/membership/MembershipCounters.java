package io.guacdaffinity.membership;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of the refresh loop since start-up, for metrics and status pages: SRV look-ups by
 * how they went, and ring changes published.
 */
public final class MembershipCounters {

    private final LongAdder answered = new LongAdder();
    private final LongAdder empty = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder ringChanges = new LongAdder();

    void lookupAnswered(boolean withMembers) {
        (withMembers ? answered : empty).increment();
    }

    void lookupFailed() {
        failed.increment();
    }

    void ringChanged() {
        ringChanges.increment();
    }

    /** Look-ups that returned at least one usable record. */
    public long lookupsAnswered() {
        return answered.sum();
    }

    /** Look-ups answered with no usable record (empty answer or NXDOMAIN). */
    public long lookupsEmpty() {
        return empty.sum();
    }

    /** Look-ups that got no answer (timeout, server failure, unreachable DNS server). */
    public long lookupsFailed() {
        return failed.sum();
    }

    /** New rings published after the first; a change of source alone is not one. */
    public long ringChanges() {
        return ringChanges.sum();
    }
}
