package io.guacdaffinity.membership;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.ring.HashRing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Members from guacd-affinity-srv: the first look-up happens inside {@link #start}, and a daemon
 * thread repeats it as the records' TTL says (see {@link RefreshLoop} for what failures and empty
 * answers do). {@link #current()} is one volatile read: the router calls it on every connect.
 */
final class SrvMembership implements Membership {

    private static final Logger log = LoggerFactory.getLogger(Membership.class);

    private volatile HashRing ring;
    private final List<Consumer<HashRing>> listeners = new CopyOnWriteArrayList<>();
    private final RefreshLoop loop;
    private final ScheduledExecutorService scheduler;
    /** The source the refresh loop asks; closed with the membership. */
    private final MemberSource source;
    private final Duration afterCrash;

    /** Nothing runs until {@link #refreshAndReschedule()}. */
    private SrvMembership(AffinityConfig config, MemberSource srv, Clock clock, DoubleSupplier random) {
        RefreshDelays delays = new RefreshDelays(config.refreshMinSeconds(), config.refreshMaxSeconds(), random);
        this.loop = new RefreshLoop(srv, config, delays, clock, this::publish);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "guacd-affinity-membership");
            t.setDaemon(true);
            return t;
        });
        this.source = srv;
        this.afterCrash = Duration.ofSeconds(config.refreshMaxSeconds());
    }

    /** SRV records of {@code config}, with its static list as fallback. */
    static SrvMembership start(AffinityConfig config) {
        return start(config, new SrvMemberSource(config), Clock.systemUTC(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** With an explicit source, clock and randomness; the first look-up runs here. */
    static SrvMembership start(AffinityConfig config, MemberSource srv, Clock clock, DoubleSupplier random) {
        SrvMembership m = new SrvMembership(config, srv, clock, random);
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

    @Override
    public HashRing current() {
        return ring;
    }

    /**
     * Calls {@code listener} with each ring published from now on (null when the last member
     * left), on the membership thread. It must return quickly.
     */
    void addListener(Consumer<HashRing> listener) {
        listeners.add(listener);
    }

    @Override
    public MembershipCounters counters() {
        return loop.counters();
    }

    @Override
    public MembershipStatus status() {
        return loop.status();
    }

    @Override
    public void close() {
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
