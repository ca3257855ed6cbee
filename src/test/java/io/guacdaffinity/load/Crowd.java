package io.guacdaffinity.load;

import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.dnstest.GuacdPods;
import io.guacdaffinity.guacamole.AffinityAuthenticationProvider;
import io.guacdaffinity.guacamole.Logins;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.routing.AffinityKey;
import io.guacdaffinity.routing.Router;
import io.guacdaffinity.testing.GuacdDouble;

import org.apache.guacamole.net.auth.UserContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated users of a run, logged in through the provider, and the bounded thread pool that
 * carries out their actions.
 */
final class Crowd {

    final Scenario scenario;
    final Connector connector;
    final Findings findings;
    private final Router router;
    private final GuacdPods pods;
    private final List<SimulatedUser> users = new ArrayList<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private volatile boolean stopping;
    private volatile boolean scaledUp;

    Crowd(Scenario scenario, AffinityAuthenticationProvider provider, Connector connector, Findings findings,
            GuacdPods pods) {
        this.scenario = scenario;
        this.connector = connector;
        this.findings = findings;
        this.router = provider.getService().orElseThrow().router();
        this.pods = pods;
        this.scheduler = new ScheduledThreadPoolExecutor(scenario.users > 500 ? 48 : 16, threads());
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        KeyMode mode = KeyMode.fromValue(scenario.keyMode);
        for (int i = 0; i < scenario.users; i++) {
            String name = String.format("student-%04d", i);
            String address = scenario.nat() ? Scenario.NAT_ADDRESS : "10.8." + (i / 250) + "." + (i % 250 + 1);
            UserContext inner = Logins.userMapping(name);
            UserContext decorated = provider.decorate(inner, Logins.user(name, address),
                    Logins.credentials(name, address));
            AffinityKey key = AffinityKey.of(mode, scenario.nat() ? address : name);
            users.add(new SimulatedUser(name, inner, decorated, key, Logins.tokens(name), this,
                    scenario.seed * 31 + i));
        }
    }

    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "user-actions-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Every user arrives once within the first {@code rampMillis}. */
    void start(long rampMillis) {
        Random random = new Random(scenario.seed);
        for (SimulatedUser u : users)
            u.arrive((long) (random.nextDouble() * rampMillis));
    }

    void schedule(long delayMillis, Runnable action) {
        if (stopping)
            return;
        scheduler.schedule(() -> {
            try {
                action.run();
            }
            catch (RuntimeException | Error e) {
                findings.problem("a user action failed: " + e);
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    List<SimulatedUser> users() {
        return users;
    }

    boolean stopping() {
        return stopping;
    }

    boolean running(String member) {
        GuacdDouble d = pods.find(member);
        return d != null && d.isRunning();
    }

    /**
     * Whether a connect of {@code key} must join its live tunnels on {@code member} (contract 3): the
     * key's earliest live tunnel is there and the member is usable. It still goes elsewhere when the
     * member is at its bounded-load capacity, which its decision line then shows. With a key shared
     * by many users (client-IP behind NAT) this leaves out users whose session is not on the key's
     * earliest live member.
     */
    boolean liveMustHold(AffinityKey key, String member) {
        return member.equals(router.liveKeys().memberOf(key.text())) && usable(member);
    }

    /** The member is in the ring, its guacd runs (not frozen) and the router does not hold it down. */
    boolean usable(String member) {
        HashRing ring = router.ring();
        GuacdDouble d = pods.find(member);
        return ring != null && ring.member(member) != null && running(member) && !d.isFrozen()
                && !router.health().isDown(member);
    }

    void checkSecond(SimulatedUser user, String home, Session second) {
        findings.secondsChecked.incrementAndGet();
        if (scaledUp)
            findings.secondsCheckedAfterScaleUp.incrementAndGet();
        if (!second.servedBy.equals(home) && second.decision != null && second.decision.skippedFull(home)) {
            // contract 3: a key's live tunnels are joined while their member is below its capacity
            findings.secondsSpilled.incrementAndGet();
        }
        else if (!second.servedBy.equals(home)) {
            findings.secondsMoved.incrementAndGet();
            findings.problem(user.name + " has a live session on " + home + " but a second connect went to "
                    + second.servedBy + " (" + second.decision + ")");
        }
    }

    void scaledUp() {
        scaledUp = true;
    }

    /**
     * The guacd called {@code member} was killed when the ledger's clock read {@code killedAt}: each
     * user notices on its own, as each browser does, in parallel on the action pool.
     */
    void killed(String member, long killedAt) {
        for (SimulatedUser u : users)
            schedule(0, () -> u.guacdKilled(member, killedAt));
    }

    List<Session> openSessions() {
        List<Session> out = new ArrayList<>();
        for (SimulatedUser u : users) {
            for (Session s : u.openSessions())
                out.add(s);
        }
        return out;
    }

    /** Stops every user: pending actions are dropped, running ones finish, every tunnel closes. */
    void stop() throws InterruptedException {
        stopping = true;
        scheduler.shutdown();
        if (!scheduler.awaitTermination(60, TimeUnit.SECONDS))
            findings.problem("user actions still running 60 s after the end of the run");
        for (SimulatedUser u : users)
            u.finish();
    }
}
