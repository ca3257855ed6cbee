package io.guacdaffinity.membership;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.ring.HashRing;

/**
 * The current ring and how it is kept up to date: fixed from guacd-affinity-members
 * ({@link StaticMembership}), or read from guacd-affinity-srv and refreshed as the records' TTL says
 * ({@link SrvMembership}). Their log lines share this interface's logger name, so that an
 * administrator filters membership on one name whatever the source.
 */
public interface Membership extends AutoCloseable {

    /**
     * Starts membership as configured: the static list alone when no SRV name is set, otherwise SRV
     * records (with the static list as fallback), whose first look-up happens here.
     */
    static Membership start(AffinityConfig config) {
        return config.srvEnabled() ? SrvMembership.start(config) : StaticMembership.of(config);
    }

    /** The newest ring; null when there are no members at all. The router calls it on every connect. */
    HashRing current();

    /** Where the ring comes from and how its last refresh went. */
    MembershipStatus status();

    /** Look-ups and ring changes so far; all zero with a static list, which never refreshes. */
    MembershipCounters counters();

    /** Stops refreshing; {@link #current()} keeps answering with the last ring. */
    @Override
    void close();
}
