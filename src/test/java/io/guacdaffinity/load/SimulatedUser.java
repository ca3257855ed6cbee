package io.guacdaffinity.load;

import io.guacdaffinity.routing.AffinityKey;

import org.apache.guacamole.net.auth.UserContext;

import java.util.Map;
import java.util.Random;

/**
 * One student: connects, stays a random while (sometimes opening a second connection, as another
 * tab does), disconnects, thinks, reconnects, until the run ends. When the guacd under a session
 * dies, the user notices, closes what broke and reconnects shortly after, as the browser does.
 * Every action runs under the user's lock; a newer generation cancels older scheduled actions.
 */
final class SimulatedUser {

    final String name;
    /** The login as its provider made it, undecorated: the direct connects use it. */
    final UserContext inner;
    /** The same login decorated by the extension. */
    final UserContext decorated;
    final AffinityKey key;
    final Map<String, String> tokens;

    private final Crowd crowd;
    private final Random random;
    private Session first;
    private Session second;
    private int generation;

    SimulatedUser(String name, UserContext inner, UserContext decorated, AffinityKey key, Map<String, String> tokens,
            Crowd crowd, long seed) {
        this.name = name;
        this.inner = inner;
        this.decorated = decorated;
        this.key = key;
        this.tokens = tokens;
        this.crowd = crowd;
        this.random = new Random(seed);
    }

    synchronized void arrive(long delayMillis) {
        later(delayMillis, this::connect);
    }

    private void connect() {
        Session s = crowd.connector.connect(this, false);
        if (s.failed) {
            later(1000, this::connect);
            return;
        }
        first = s;
        if (!crowd.running(s.servedBy)) {
            // its guacd died right after the handshake
            lostToKill();
            return;
        }
        Scenario sc = crowd.scenario;
        long stay = between(sc.stayMinMillis, sc.stayMaxMillis);
        if (random.nextDouble() < sc.secondTabChance)
            later((long) (stay * (0.2 + 0.4 * random.nextDouble())), this::openSecond);
        later(stay, this::leave);
    }

    private void openSecond() {
        if (first == null || !first.open())
            return;
        String home = first.servedBy;
        boolean liveMustHold = crowd.liveMustHold(key, home);
        Session s = crowd.connector.connect(this, true);
        if (s.failed)
            return;
        second = s;
        if (!crowd.running(s.servedBy)) {
            lostToKill();
            return;
        }
        // only the member is looked at again: the connect itself changes the key's live tunnels
        if (liveMustHold && crowd.usable(home) && first.open())
            crowd.checkSecond(this, home, s);
    }

    private void leave() {
        closeOpen();
        Scenario sc = crowd.scenario;
        later(between(sc.thinkMinMillis, sc.thinkMaxMillis), this::connect);
    }

    /**
     * The guacd called {@code member} was killed when the ledger's clock read {@code killedAt}: the
     * user notices that its tunnels there broke, drops what it had open and reconnects.
     */
    synchronized void guacdKilled(String member, long killedAt) {
        if (isOn(first, member, killedAt) || isOn(second, member, killedAt))
            lostToKill();
    }

    /** Whether {@code s} is open on {@code member} and was opened before {@code killedAt}. */
    private static boolean isOn(Session s, String member, long killedAt) {
        return s != null && s.open() && s.servedBy.equals(member) && s.endSeq < killedAt;
    }

    private void lostToKill() {
        generation++;
        closeOpen();
        crowd.findings.reconnectsAfterKill.incrementAndGet();
        later(between(200, 1000), this::connect);
    }

    private void closeOpen() {
        if (second != null && second.open())
            crowd.connector.close(second);
        if (first != null && first.open())
            crowd.connector.close(first);
        second = null;
        first = null;
    }

    /** Ends the user's part in the run: nothing scheduled runs any more, every tunnel is closed. */
    synchronized void finish() {
        generation++;
        closeOpen();
    }

    /** Open sessions of this user, for snapshots. */
    synchronized Session[] openSessions() {
        int n = (first != null && first.open() ? 1 : 0) + (second != null && second.open() ? 1 : 0);
        Session[] out = new Session[n];
        int i = 0;
        if (first != null && first.open())
            out[i++] = first;
        if (second != null && second.open())
            out[i] = second;
        return out;
    }

    private long between(long min, long max) {
        return min + (long) (random.nextDouble() * (max - min));
    }

    private void later(long delayMillis, Runnable action) {
        int scheduledIn = generation;
        crowd.schedule(delayMillis, () -> {
            synchronized (this) {
                if (scheduledIn == generation && !crowd.stopping())
                    action.run();
            }
        });
    }
}
