package io.guacdaffinity.guacamole;

import io.guacdaffinity.testing.GuacdDouble;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.UserContext;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many threads opening and closing tunnels at once must leave every live count at exactly zero. */
class ConcurrentTunnelsTest extends GuacdsPerTest {

    private static final int THREADS = 200;
    private static final int USERS = 60;
    private static final long RUN_MILLIS = 5000;

    @Test
    void twoHundredThreadsLeaveNoLiveCountBehind() throws Exception {
        guacds = RoutedGuacds.start(3, Map.of("guacd-affinity-connect-timeout", "10000"));
        List<UserContext> logins = new ArrayList<>();
        for (int i = 0; i < USERS; i++)
            logins.add(guacds.login("user" + i));
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        List<Throwable> unexpected = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(THREADS);
        long end = System.nanoTime() + RUN_MILLIS * 1_000_000;
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                    while (System.nanoTime() < end) {
                        int user = random.nextInt(USERS);
                        GuacamoleTunnel tunnel;
                        try {
                            tunnel = logins.get(user).getConnectionDirectory().get("desktop")
                                    .connect(new org.apache.guacamole.protocol.GuacamoleClientInformation(),
                                            Logins.tokens("user" + user));
                        }
                        catch (GuacamoleException e) {
                            failed.incrementAndGet();
                            failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                            continue;
                        }
                        opened.incrementAndGet();
                        Thread.sleep(random.nextInt(20));
                        tunnel.close();
                        if (random.nextInt(4) == 0)
                            tunnel.close();
                    }
                }
                catch (Throwable e) {
                    synchronized (unexpected) {
                        unexpected.add(e);
                    }
                }
                finally {
                    done.countDown();
                }
            }, "tunnel-user-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        // One guacd dies and comes back while the threads run: its tunnels close the hard way.
        Thread.sleep(RUN_MILLIS / 3);
        GuacdDouble victim = guacds.doubles.get(2);
        assertTrue(Poll.until(() -> victim.liveSessions() > 0, Duration.ofSeconds(30)),
                "the guacd to be killed never had a live session: the fault would hit nothing");
        victim.stop();
        assertTrue(Poll.until(() -> guacds.service.router().health().isDown(victim.name()), Duration.ofSeconds(30)),
                "no connect noticed that " + victim.name() + " died");
        Thread.sleep(RUN_MILLIS / 5);
        victim.restart();
        assertTrue(done.await(RUN_MILLIS + 120_000, java.util.concurrent.TimeUnit.MILLISECONDS), "threads hung");
        assertTrue(unexpected.isEmpty(), "unexpected: " + unexpected);
        assertTrue(opened.get() > THREADS, "only " + opened.get() + " tunnels opened");
        System.out.printf("concurrency: %d tunnels opened and closed by %d threads for %d users, %d connects failed %s%n",
                opened.get(), THREADS, USERS, failed.get(), failures);

        assertEquals(Map.of(), guacds.service.router().loads().snapshot(), "live counts left behind");
        for (GuacdDouble d : guacds.doubles)
            assertEquals(0, guacds.service.router().loads().liveTunnels(d.name()), d.name());
        assertEquals(List.of(), guacds.service.router().liveKeys().snapshot(), "live keys left behind");
        assertTrue(guacds.service.joinableSessions().isEmpty());
        for (GuacdDouble d : guacds.doubles)
            assertTrue(d.awaitLive(0, Duration.ofSeconds(30)), d.name() + " still has " + d.liveSessions());
    }
}
