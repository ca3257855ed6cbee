package io.guacdaffinity.routing;

import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Checks every member of the ring in the background, so that a dead or hung guacd is skipped before
 * a user meets it and used again as soon as it answers: down after {@value #FAILURES_TO_MARK_DOWN}
 * failed checks in a row (the second right after the first), up after one good one (also when a
 * connect had marked it down). Each
 * member's check runs on its own thread, so one hung guacd never delays the checks of the others,
 * and a member is never checked twice at once.
 */
public final class HealthChecker implements MemberCheck, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(HealthChecker.class);

    /** Failed checks in a row that mark a member down: one lost packet should not. */
    public static final int FAILURES_TO_MARK_DOWN = 2;

    private final Supplier<HashRing> ring;
    private final Health health;
    private final MemberProbe probe;
    private final long intervalMillis;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private final ExecutorService checks;

    /**
     * @param intervalMillis time between two rounds of checks; must be positive (0 means no checker at all)
     */
    public HealthChecker(Supplier<HashRing> ring, Health health, MemberProbe probe, long intervalMillis,
            LongSupplier clock) {
        if (intervalMillis <= 0)
            throw new IllegalArgumentException("health-check interval " + intervalMillis + " ms is not positive");
        this.ring = ring;
        this.health = health;
        this.probe = probe;
        this.intervalMillis = intervalMillis;
        this.clock = clock;
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("guacd-affinity-health"));
        this.checks = Executors.newCachedThreadPool(daemon("guacd-affinity-health-check"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Starts the rounds of checks, the first one now. */
    public HealthChecker start() {
        ticker.scheduleWithFixedDelay(this::checkRing, 0, intervalMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** One round: every member of the current ring whose previous check has ended. */
    void checkRing() {
        try {
            HashRing current = ring.get();
            Set<String> names = new HashSet<>();
            if (current != null) {
                for (Member m : current.members()) {
                    names.add(m.name());
                    State state = states.computeIfAbsent(m.name(), n -> new State());
                    if (!state.running.compareAndSet(false, true))
                        continue;
                    try {
                        checks.execute(() -> {
                            try {
                                // A failure is checked again at once rather than a round later, so a hung
                                // guacd is down within one interval and two check timeouts.
                                if (!check(m, state) && state.failures < FAILURES_TO_MARK_DOWN)
                                    check(m, state);
                            }
                            finally {
                                state.running.set(false);
                            }
                        });
                    }
                    catch (RejectedExecutionException e) {
                        state.running.set(false);
                    }
                }
            }
            states.keySet().retainAll(names);
        }
        catch (RuntimeException e) {
            // Nothing expected fails here: the stack trace is what a bug report needs.
            logger.warn("guacd-affinity health checks: a round failed unexpectedly", e);
        }
    }

    /** Checks {@code member} on the caller's thread and records the result as a round would. */
    @Override
    public boolean answersNow(Member member) {
        return check(member, states.computeIfAbsent(member.name(), n -> new State()));
    }

    private boolean check(Member m, State state) {
        long start = System.nanoTime();
        try {
            probe.probe(m);
            state.record(true, null, clock.getAsLong(), System.nanoTime() - start);
            int failed = state.failures;
            state.failures = 0;
            if (health.markUp(m.name()))
                logger.info("guacd {} ({}:{}) answers health checks again: usable", m.name(), m.host(), m.port());
            else if (failed > 0)
                logger.info("guacd {} ({}:{}) answered a health check after {} failed", m.name(), m.host(), m.port(),
                        failed);
            return true;
        }
        catch (Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            state.record(false, why, clock.getAsLong(), System.nanoTime() - start);
            int failures = ++state.failures;
            if (failures >= FAILURES_TO_MARK_DOWN) {
                boolean wasDown = health.isDown(m.name());
                health.markDown(m.name());
                if (!wasDown)
                    logger.warn("guacd {} ({}:{}) failed {} health checks in a row ({}): marked down until a check"
                            + " passes", m.name(), m.host(), m.port(), failures, why);
            }
            else
                logger.info("guacd {} ({}:{}) failed a health check ({}); down after {} in a row", m.name(), m.host(),
                        m.port(), why, FAILURES_TO_MARK_DOWN);
            logger.debug("guacd {} health check failure", m.name(), e);
            return false;
        }
    }

    /** The last check of each member of the ring, by name. */
    public Map<String, CheckResult> results() {
        Map<String, CheckResult> out = new TreeMap<>();
        states.forEach((name, state) -> {
            CheckResult r = state.last;
            if (r != null)
                out.put(name, r);
        });
        return Collections.unmodifiableMap(out);
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        checks.shutdownNow();
    }

    /** One member's checks: whether one runs now, failures in a row, and the last result. */
    private static final class State {

        final AtomicBoolean running = new AtomicBoolean();
        volatile int failures;
        volatile CheckResult last;
        final AtomicLong passed = new AtomicLong();
        final AtomicLong failed = new AtomicLong();

        void record(boolean ok, String error, long at, long nanos) {
            (ok ? passed : failed).incrementAndGet();
            last = new CheckResult(ok, error, at, nanos, ok ? 0 : failures + 1, passed.get(), failed.get());
        }
    }

    /** The last health check of a member. */
    public static final class CheckResult {

        private final boolean ok;
        private final String error;
        private final long atMillis;
        private final long nanos;
        private final int failuresInARow;
        private final long passedSoFar;
        private final long failedSoFar;

        CheckResult(boolean ok, String error, long atMillis, long nanos, int failuresInARow, long passedSoFar,
                long failedSoFar) {
            this.ok = ok;
            this.error = error;
            this.atMillis = atMillis;
            this.nanos = nanos;
            this.failuresInARow = failuresInARow;
            this.passedSoFar = passedSoFar;
            this.failedSoFar = failedSoFar;
        }

        /** Checks of this member that passed since start-up, this one included. */
        public long passedSoFar() {
            return passedSoFar;
        }

        /** Checks of this member that failed since start-up, this one included. */
        public long failedSoFar() {
            return failedSoFar;
        }

        public boolean ok() {
            return ok;
        }

        /** Why it failed; null when it passed. */
        public String error() {
            return error;
        }

        public long atMillis() {
            return atMillis;
        }

        public long nanos() {
            return nanos;
        }

        public int failuresInARow() {
            return failuresInARow;
        }
    }
}
