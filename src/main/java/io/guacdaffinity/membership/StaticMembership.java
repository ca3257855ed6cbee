package io.guacdaffinity.membership;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.ring.HashRing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

/** The ring of guacd-affinity-members alone: built once, no thread, nothing to refresh. */
final class StaticMembership implements Membership {

    private static final Logger log = LoggerFactory.getLogger(Membership.class);

    private final HashRing ring;
    private final MembershipStatus status;
    private final MembershipCounters counters = new MembershipCounters();

    private StaticMembership(HashRing ring, MembershipStatus status) {
        this.ring = ring;
        this.status = status;
    }

    static StaticMembership of(AffinityConfig config) {
        StaticMemberSource source = StaticMemberSource.of(config);
        Resolution r = source.resolve();
        HashRing ring = r.isEmpty() ? null : HashRing.of(r.members(), config.virtualNodes());
        MembershipStatus status = new MembershipStatus(r.members(), r.isEmpty() ? RingSource.NONE : RingSource.STATIC,
                source.describe(), r.answer(), Instant.now(), null, null, 0, null, Resolution.UNKNOWN_TTL, null,
                List.of());
        if (r.isEmpty())
            log.warn("neither {} nor {} is set: there is no guacd to route to", AffinityConfig.SRV.name(),
                    AffinityConfig.MEMBERS.name());
        else
            log.info("ring has {} static members: {}", r.members().size(), r.members());
        return new StaticMembership(ring, status);
    }

    @Override
    public HashRing current() {
        return ring;
    }

    @Override
    public MembershipStatus status() {
        return status;
    }

    @Override
    public MembershipCounters counters() {
        return counters;
    }

    @Override
    public void close() {
        // nothing runs
    }
}
