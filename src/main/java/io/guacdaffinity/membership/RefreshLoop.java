package io.guacdaffinity.membership;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * One SRV look-up at a time, and what it means for the ring. Confined to one thread (the
 * membership thread, or the caller of {@link Membership#start} for the first look-up); only
 * {@link #status()} is read from elsewhere.
 *
 * <ul>
 * <li>Members found: publish them when the set (names, hosts, ports, weights) changed.</li>
 * <li>Look-up failed: keep the last-known-good ring, retry with backoff; with no ring yet, use the
 * static list if there is one.</li>
 * <li>Empty answer or NXDOMAIN: keep the last ring for the grace period, then use the static list,
 * or no ring at all when there is none. Members coming back end the fallback.</li>
 * </ul>
 */
final class RefreshLoop {

    private static final Logger log = LoggerFactory.getLogger(Membership.class);

    private final MemberSource srv;
    private final List<Member> fallback;
    private final int virtualNodes;
    private final RefreshDelays delays;
    private final Duration grace;
    private final Clock clock;
    private final Consumer<HashRing> publisher;

    private List<Member> current = List.of();
    private RingSource source = RingSource.NONE;
    private Instant emptySince;
    private int failures;
    private Instant lastSuccess;
    private String lastAnswer;
    private String lastError;
    private Instant lastErrorAt;
    private long lastTtl = Resolution.UNKNOWN_TTL;
    private List<String> warnings = List.of();
    private volatile MembershipStatus status;
    private final MembershipCounters counters = new MembershipCounters();

    /**
     * @param publisher receives each new ring (null when no members are left), on the refreshing thread
     */
    RefreshLoop(MemberSource srv, AffinityConfig config, RefreshDelays delays, Clock clock,
                Consumer<HashRing> publisher) {
        this.srv = srv;
        List<Member> sorted = new ArrayList<>(config.members());
        Collections.sort(sorted);
        this.fallback = List.copyOf(sorted);
        this.virtualNodes = config.virtualNodes();
        this.delays = delays;
        this.grace = Duration.ofSeconds(config.srvEmptyGraceSeconds());
        this.clock = clock;
        this.publisher = publisher;
        this.status = snapshot(null);
    }

    /** Looks up once, publishes what changed, and returns how long to wait before the next look-up. */
    Duration refresh() {
        Instant now = clock.instant();
        Resolution answer;
        try {
            answer = srv.resolve();
        }
        catch (MemberSourceException e) {
            return failed(now, e.getMessage());
        }
        catch (RuntimeException e) {
            log.debug("SRV look-up of {} failed unexpectedly", srv.describe(), e);
            return failed(now, "SRV look-up of " + srv.describe() + " failed unexpectedly: " + e);
        }
        return answered(now, answer);
    }

    private Duration failed(Instant now, String message) {
        counters.lookupFailed();
        failures++;
        Duration next = delays.afterFailure(failures);
        if (failures == 1 || !message.equals(lastError))
            log.warn("{}; keeping {}; next try in {} ms", message, describeCurrent(), next.toMillis());
        else
            log.debug("{} ({} failures in a row; next try in {} ms)", message, failures, next.toMillis());
        lastError = message;
        lastErrorAt = now;
        if (source == RingSource.NONE && !fallback.isEmpty())
            publish(fallback, RingSource.FALLBACK, "no SRV answer yet");
        return scheduled(now, next);
    }

    private Duration answered(Instant now, Resolution answer) {
        counters.lookupAnswered(!answer.isEmpty());
        if (failures > 0)
            log.info("SRV look-up answers again after {} failed attempt{}: {}", failures, failures == 1 ? "" : "s",
                    answer.answer());
        failures = 0;
        lastSuccess = now;
        lastAnswer = answer.answer();
        lastTtl = answer.ttlSeconds();
        if (!answer.warnings().equals(warnings)) {
            for (String w : answer.warnings())
                log.warn(w);
        }
        warnings = answer.warnings();
        Duration next = delays.afterAnswer(answer.ttlSeconds());

        if (!answer.isEmpty()) {
            if (emptySince != null)
                log.info("{} has members again", srv.describe());
            emptySince = null;
            publish(answer.members(), RingSource.SRV, answer.answer());
            return scheduled(now, next);
        }

        if (emptySince == null) {
            emptySince = now;
            if (source != RingSource.NONE)
                log.warn("{}: {}; keeping {} for up to {} s ({})", srv.describe(), answer.answer(), describeCurrent(),
                        grace.getSeconds(), AffinityConfig.SRV_EMPTY_GRACE.name());
            else if (fallback.isEmpty())
                log.warn("{}: {}, and {} is not set: no ring until SRV records appear", srv.describe(),
                        answer.answer(), AffinityConfig.MEMBERS.name());
        }
        Instant graceEnds = emptySince.plus(grace);
        boolean nothingToKeep = source == RingSource.NONE;
        if (nothingToKeep || !now.isBefore(graceEnds)) {
            if (!fallback.isEmpty())
                publish(fallback, RingSource.FALLBACK, srv.describe() + " stayed empty (" + answer.answer() + ")");
            else if (source != RingSource.NONE)
                publish(List.of(), RingSource.NONE, srv.describe() + " stayed empty (" + answer.answer() + ") and "
                        + AffinityConfig.MEMBERS.name() + " is not set");
        }
        else {
            // Look again when the grace period ends, so the fallback is not late by a whole interval.
            long untilGraceEnds = Duration.between(now, graceEnds).toMillis();
            next = Duration.ofMillis(Math.min(next.toMillis(), Math.max(delays.minMillis(), untilGraceEnds)));
        }
        return scheduled(now, next);
    }

    private Duration scheduled(Instant now, Duration delay) {
        status = snapshot(now.plus(delay));
        return delay;
    }

    private void publish(List<Member> members, RingSource newSource, String why) {
        RingChange change = new RingChange(current, members);
        if (change.isEmpty()) {
            if (newSource != source) {
                log.info("ring members unchanged, now from {} ({})", newSource, why);
                source = newSource;
            }
            return;
        }
        HashRing ring;
        if (members.isEmpty())
            ring = null;
        else {
            try {
                ring = HashRing.of(members, virtualNodes);
            }
            catch (IllegalArgumentException e) {
                String message = "cannot build a ring from " + members.size() + " members (" + e.getMessage()
                        + "); keeping " + describeCurrent();
                log.error(message);
                lastError = message;
                lastErrorAt = clock.instant();
                return;
            }
        }
        if (ring == null)
            log.warn("ring is now empty (source {}): {}; {}. Connects fail until members return", newSource,
                    change.describe(), why);
        else
            log.info("ring now has {} member{} (source {}): {}", members.size(), members.size() == 1 ? "" : "s",
                    newSource, change.describe());
        if (source != RingSource.NONE || !current.isEmpty())
            counters.ringChanged();
        current = List.copyOf(members);
        source = newSource;
        // Whoever sees the new ring must find a status that already describes it.
        status = snapshot(status.nextRefresh());
        publisher.accept(ring);
    }

    private String describeCurrent() {
        return source == RingSource.NONE ? "no ring" : "the last ring of " + current.size() + " members (" + source + ")";
    }

    private MembershipStatus snapshot(Instant nextRefresh) {
        return new MembershipStatus(current, source, srv.describe(), lastAnswer, lastSuccess, lastError, lastErrorAt,
                failures, nextRefresh, lastTtl, emptySince, warnings);
    }

    MembershipStatus status() {
        return status;
    }

    MembershipCounters counters() {
        return counters;
    }

    /** The status with no refresh pending, once the loop has stopped. */
    void stopped() {
        status = snapshot(null);
    }
}
