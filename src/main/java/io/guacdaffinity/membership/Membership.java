package io.guacdaffinity.membership;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.DoubleSupplier;

/**
 * The current ring and how it is kept up to date. With only guacd-affinity-members, the ring is
 * fixed. With guacd-affinity-srv, the first look-up happens inside {@link #start} and a daemon
 * thread repeats it as the records' TTL says (see {@link RefreshLoop} for what failures and empty
 * answers do).
 *
 * <p>{@link #current()} is one volatile read: the router calls it on every connect.
 */
public final class Membership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Membership.class);
    private static final MembershipCounters FIXED_COUNTERS = new MembershipCounters();

    private volatile HashRing ring;
    private final List<Consumer<HashRing>> listeners = new CopyOnWriteArrayList<>();
    private final RefreshLoop loop;
    private final ScheduledExecutorService scheduler;
    /** The source the refresh loop asks; closed with the membership. */
    private final MemberSource source;
    private final Duration afterCrash;
    private final MembershipStatus fixedStatus;
    /** Rings decided by the code that embeds the router; null when this membership decides them. */
    private final Supplier<HashRing> owned;
    private final Instant startedAt = Instant.now();

    /** Static membership, or with {@code owned}, rings someone else decides. */
    private Membership(MembershipStatus fixedStatus, HashRing ring, Supplier<HashRing> owned) {
        this.loop = null;
        this.scheduler = null;
        this.source = null;
        this.afterCrash = Duration.ZERO;
        this.fixedStatus = fixedStatus;
        this.ring = ring;
        this.owned = owned;
    }

    /** SRV membership; nothing runs until {@link #refreshAndReschedule()}. */
    private Membership(AffinityConfig config, MemberSource srv, Clock clock,
                       DoubleSupplier random) {
        RefreshDelays delays = new RefreshDelays(config.refreshMinSeconds(), config.refreshMaxSeconds(), random);
        this.loop = new RefreshLoop(srv, config, delays, clock, this::publish);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "guacd-affinity-membership");
            t.setDaemon(true);
            return t;
        });
        this.source = srv;
        this.afterCrash = Duration.ofSeconds(config.refreshMaxSeconds());
        this.fixedStatus = null;
        this.owned = null;
    }

    /**
     * Starts membership as configured: the static list alone when no SRV name is set, otherwise SRV
     * records (with the static list as fallback) refreshed on a daemon thread.
     *
     */
    public static Membership start(AffinityConfig config) {
        if (!config.srvEnabled())
            return fixed(config);
        SrvMemberSource srv = new SrvMemberSource(config);
        return start(config, srv, Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble());
    }

    /** Static members only: no thread, no refresh. */
    private static Membership fixed(AffinityConfig config) {
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
        return new Membership(status, ring, null);
    }

    /**
     * Membership over rings its caller decides and swaps (a program embedding the router, or a test
     * that adds and removes guacds): no thread and no look-up, its status shows the current ring.
     */
    public static Membership ownedBy(Supplier<HashRing> rings) {
        return new Membership(null, null, rings);
    }

    /** SRV membership with an explicit source, clock and randomness; the first look-up runs here. */
    static Membership start(AffinityConfig config, MemberSource srv, Clock clock,
                            DoubleSupplier random) {
        Membership m = new Membership(config, srv, clock, random);
        log.info("membership from {}{}", srv.describe(), config.members().isEmpty() ? ""
                : ", falling back to " + config.members().size() + " static members");
        m.refreshAndReschedule();
        return m;
    }

    private void refreshAndReschedule() {
        Duration next;
        try {
            next = loop.refresh();
        }
        catch (Throwable t) {
            // The ring must keep being refreshed whatever went wrong in one round.
            log.error("membership refresh failed unexpectedly; keeping the current ring, next try in {} s",
                    afterCrash.getSeconds(), t);
            next = afterCrash;
        }
        try {
            scheduler.schedule(this::refreshAndReschedule, next.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void publish(HashRing newRing) {
        ring = newRing;
        for (Consumer<HashRing> listener : listeners) {
            try {
                listener.accept(newRing);
            }
            catch (RuntimeException e) {
                log.error("a ring listener failed; the new ring is in place regardless", e);
            }
        }
    }

    /** The newest ring; null when there are no members at all. */
    public HashRing current() {
        return owned == null ? ring : owned.get();
    }

    /**
     * Calls {@code listener} with each ring published from now on (null when the last member
     * left), on the membership thread. It must return quickly.
     */
    public void addListener(Consumer<HashRing> listener) {
        listeners.add(listener);
    }

    /** Look-ups and ring changes so far; all zero with a static list, which never refreshes. */
    public MembershipCounters counters() {
        return loop == null ? FIXED_COUNTERS : loop.counters();
    }

    public MembershipStatus status() {
        if (owned != null) {
            HashRing now = owned.get();
            List<Member> members = now == null ? List.of() : now.members();
            return new MembershipStatus(members, now == null ? RingSource.NONE : RingSource.STATIC,
                    "rings set by the program that runs the router", null, startedAt, null, null, 0, null,
                    Resolution.UNKNOWN_TTL, null, List.of());
        }
        return loop == null ? fixedStatus : loop.status();
    }

    /** Stops refreshing; {@link #current()} keeps answering with the last ring. */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loop.stopped();
            try {
                source.close();
            }
            catch (RuntimeException e) {
                log.warn("stopping guacd-affinity membership failed: {}", String.valueOf(e.getMessage()));
                log.debug("Closing the DNS client failed", e);
            }
        }
    }
}
