package io.guacdaffinity.guacamole;

import io.guacdaffinity.routing.Health;
import io.guacdaffinity.routing.HealthChecker;
import io.guacdaffinity.testing.GuacdDouble;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleUpstreamTimeoutException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.net.auth.simple.SimpleUserContext;
import org.apache.guacamole.protocol.GuacamoleConfiguration;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Contract 4 against guacd doubles over real sockets: only evidence about a member marks it down,
 * the background checks find a hung guacd before users do, and a member is back within one interval
 * of answering again.
 */
class HealthChecksIT extends GuacdsPerTest {

    private static final int TIMEOUT_MILLIS = 1000;
    private static final int INTERVAL_SECONDS = 1;

    private RoutedGuacds start(int healthIntervalSeconds) throws Exception {
        return RoutedGuacds.start(3, Map.of("guacd-affinity-connect-timeout", String.valueOf(TIMEOUT_MILLIS),
                "guacd-affinity-health-interval", String.valueOf(healthIntervalSeconds),
                "guacd-affinity-down-cooldown", "60"));
    }

    /** A login whose one connection asks for a protocol no guacd here supports (guacd 1.6 answers it with silence). */
    private UserContext withMissingProtocol(String user) {
        GuacamoleConfiguration config = new GuacamoleConfiguration();
        config.setProtocol("nothere");
        config.setParameter("hostname", "10.9.0.1");
        return guacds.login(new SimpleUserContext(Logins.USER_MAPPING, user, Map.of("old-app", config), false), user);
    }

    private String userOwnedBy(String member, String prefix) {
        for (int i = 0; ; i++) {
            if (guacds.ringOwner("user:" + prefix + i).equals(member))
                return prefix + i;
        }
    }

    private Health health() {
        return guacds.service.router().health();
    }

    /**
     * Waits for {@code member} to be up again and checks that it was within one check interval (and
     * the check's own timeout) of {@code sinceNanos}; {@code otherwise} ends the failure message.
     */
    private void assertUpWithinOneIntervalOf(long sinceNanos, String member, String otherwise)
            throws InterruptedException {
        assertTrue(Poll.until(() -> !health().isDown(member), Duration.ofSeconds(10)), "never back");
        long back = (System.nanoTime() - sinceNanos) / 1_000_000;
        assertTrue(back <= INTERVAL_SECONDS * 1000L + TIMEOUT_MILLIS, "back after " + back + " ms" + otherwise);
    }

    @Test
    void aProtocolGuacdLacksMarksNothingDownAndTheUserHearsWithinOneTimeoutAndACheck() throws Exception {
        guacds = start(INTERVAL_SECONDS);
        long start = System.nanoTime();
        GuacamoleUpstreamTimeoutException e = assertThrows(GuacamoleUpstreamTimeoutException.class,
                () -> guacds.connect(withMissingProtocol("mallory"), "old-app", "mallory"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 2 * TIMEOUT_MILLIS + 500, "the user waited " + millis + " ms, more than one connect"
                + " timeout and one check (" + 2 * TIMEOUT_MILLIS + " ms)");
        assertTrue(millis >= TIMEOUT_MILLIS, "the error came before the connect timeout: " + millis + " ms");
        assertFalse(e.getMessage().contains("127.0.0.1"), "the user's error names an address: " + e.getMessage());
        assertEquals(Map.of(), health().downMembers(), "one user's request marked a healthy guacd down");
        // and again, from several users: a guacd that answers checks is never marked down by requests
        for (int i = 0; i < 3; i++) {
            String user = "mallory" + i;
            assertThrows(GuacamoleUpstreamTimeoutException.class,
                    () -> guacds.connect(withMissingProtocol(user), "old-app", user));
        }
        assertEquals(Map.of(), health().downMembers());
        String user = "after-mallory";
        assertEquals(guacds.ringOwner("user:" + user),
                guacds.servedBy(guacds.connect(guacds.login(user), "desktop", user)));
    }

    @Test
    void withoutChecksOneUsersSilenceMarksNothingDownButThreeUsersConfirmAHungGuacd() throws Exception {
        guacds = start(0);
        assertTrue(guacds.service.healthChecker().isEmpty(), "interval 0 turns checks off");
        String user = "mallory";
        assertThrows(GuacamoleException.class, () -> guacds.connect(withMissingProtocol(user), "old-app", user));
        assertEquals(Map.of(), health().downMembers(), "one user's silence marked a member down");
        assertThrows(GuacamoleException.class, () -> guacds.connect(withMissingProtocol(user), "old-app", user));
        assertEquals(Map.of(), health().downMembers(), "the same user twice is still one user");

        // The same users' silences on a hung guacd: a fresh start, so that mallory's key counts nowhere.
        guacds.close();
        guacds = start(0);
        String victim = guacds.doubles.get(0).name();
        guacds.byName(victim).freeze();
        for (int i = 0; i < Health.SILENT_KEYS_TO_MARK_DOWN; i++) {
            String pupil = userOwnedBy(victim, "pupil-" + i + "-");
            GuacamoleTunnel t = guacds.connect(guacds.login(pupil), "desktop", pupil);
            assertNotEquals(victim, guacds.servedBy(t), pupil + " was served by the frozen guacd");
            assertEquals(i == Health.SILENT_KEYS_TO_MARK_DOWN - 1, health().isDown(victim),
                    "after " + (i + 1) + " different users met its silence");
        }
    }

    @Test
    void aHungGuacdIsMarkedDownByTheChecksAndNoConnectWaitsForItAfterwards() throws Exception {
        guacds = start(INTERVAL_SECONDS);
        GuacdDouble hung = guacds.doubles.get(1);
        Thread.sleep(INTERVAL_SECONDS * 1000L + 200);  // a round of checks has passed with everyone up
        assertEquals(Map.of(), health().downMembers());
        long frozenAt = System.nanoTime();
        hung.freeze();
        assertTrue(Poll.until(() -> health().isDown(hung.name()), Duration.ofSeconds(10)), "never marked down");
        long detected = (System.nanoTime() - frozenAt) / 1_000_000;
        long bound = 2L * INTERVAL_SECONDS * 1000 + TIMEOUT_MILLIS;
        assertTrue(detected <= bound + 700, "marked down after " + detected + " ms, bound 2 intervals + check timeout = "
                + bound + " ms");
        HealthChecker.CheckResult last = guacds.service.healthChecker().orElseThrow().results().get(hung.name());
        assertNotNull(last);
        assertFalse(last.ok());
        assertTrue(last.error().contains("said nothing"), last.error());

        for (int i = 0; i < 5; i++) {
            String user = userOwnedBy(hung.name(), "owned-" + i + "-");
            UserContext login = guacds.login(user);
            long start = System.nanoTime();
            GuacamoleTunnel t = guacds.connect(login, "desktop", user);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertNotEquals(hung.name(), guacds.servedBy(t));
            assertTrue(millis < TIMEOUT_MILLIS / 2, user + " waited " + millis + " ms for a guacd known to be hung");
        }

        long thawedAt = System.nanoTime();
        hung.thaw();
        assertUpWithinOneIntervalOf(thawedAt, hung.name(), ", more than one interval and one check");
    }

    @Test
    void aRefusedPortIsMarkedDownAtOnceAndBackWithinOneIntervalOfAnswering() throws Exception {
        guacds = start(INTERVAL_SECONDS);
        GuacdDouble dead = guacds.doubles.get(2);
        dead.stop();
        String user = userOwnedBy(dead.name(), "victim-");
        GuacamoleTunnel t = guacds.connect(guacds.login(user), "desktop", user);
        assertNotEquals(dead.name(), guacds.servedBy(t));
        assertTrue(health().isDown(dead.name()), "a refused connect is evidence about the member");

        long restartedAt = System.nanoTime();
        dead.restart();
        assertUpWithinOneIntervalOf(restartedAt, dead.name(),
                " although the cool-down is 60 s: a passing check must end it");
        t.close();
        assertEquals(dead.name(), guacds.servedBy(guacds.connect(guacds.login(user), "desktop", user)),
                "the failed-over user goes home once home answers");
    }
}
