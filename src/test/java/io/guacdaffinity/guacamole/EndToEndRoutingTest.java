package io.guacdaffinity.guacamole;

import io.guacdaffinity.routing.LiveKeys;
import io.guacdaffinity.testing.GuacdDouble;
import io.guacdaffinity.testing.ServedSession;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleUpstreamUnavailableException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.net.auth.simple.SimpleUserContext;
import org.apache.guacamole.protocol.GuacamoleConfiguration;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three (or five) guacd doubles behind the provider, reached through guacamole-ext's simple classes. */
class EndToEndRoutingTest extends GuacdsPerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void sixtyUsersLandOnTheRingMemberEveryTimeTheyReconnect() throws Exception {
        guacds = RoutedGuacds.start(3);
        Set<String> used = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 60; i++) {
                String user = "student" + i;
                GuacamoleTunnel tunnel = guacds.connect(guacds.login(user), "desktop", user);
                String expected = guacds.ringOwner("user:" + user);
                assertEquals(expected, guacds.servedBy(tunnel), user + " in round " + round);
                used.add(expected);
                if (round == 0) {
                    ServedSession record = guacds.ownerRecord(tunnel);
                    assertEquals("vnc", record.protocol());
                    assertEquals(user, record.parameter("username"), "GUAC_USERNAME token was not applied");
                }
                tunnel.close();
            }
        }
        assertEquals(3, used.size(), "60 users should spread over all three members");
        assertTrue(guacds.service.router().loads().snapshot().isEmpty());
    }

    @Test
    void jdbcConnectionsGetTheirGuacdAttributesSetInMemoryAndConnectThemselves() throws Exception {
        guacds = RoutedGuacds.start(3);
        GuacdDouble wrongDefault = GuacdDouble.start("default-guacd");
        try {
            for (int i = 0; i < 60; i++) {
                String user = "db-user" + i;
                JdbcLikeConnection jdbc = new JdbcLikeConnection("12", Logins.vnc("pc" + i), wrongDefault.host(),
                        wrongDefault.port());
                SimpleUserContext inner = new SimpleUserContext(Logins.USER_MAPPING, user, Map.of(), false) {
                    @Override
                    public org.apache.guacamole.net.auth.Directory<org.apache.guacamole.net.auth.Connection>
                            getConnectionDirectory() {
                        return new org.apache.guacamole.net.auth.simple.SimpleDirectory<>(jdbc);
                    }
                };
                GuacamoleTunnel tunnel = guacds.connect(guacds.login(inner, user), "12", user);
                String member = guacds.ringOwner("user:" + user);
                assertEquals(member, guacds.servedBy(tunnel));
                assertEquals(1, jdbc.connects.get(), "JDBC's own connect() must open the tunnel");
                GuacdDouble chosen = guacds.byName(member);
                assertEquals(chosen.host(), jdbc.getAttributes().get("guacd-hostname"));
                assertEquals(String.valueOf(chosen.port()), jdbc.getAttributes().get("guacd-port"));
                assertEquals("none", jdbc.getAttributes().get("guacd-encryption"));
                assertEquals("5", jdbc.getAttributes().get("max-connections"), "other attributes must be kept");
                tunnel.close();
            }
            assertTrue(wrongDefault.served().isEmpty(), "a JDBC tunnel reached the default guacd");
        }
        finally {
            wrongDefault.close();
        }
    }

    @Test
    void userKeySharesOneGuacdAcrossLoginsSessionKeyDoesNot() throws Exception {
        guacds = RoutedGuacds.pureRing(3);
        Set<String> members = new HashSet<>();
        for (int login = 0; login < 8; login++) {
            UserContext context = guacds.login("alice");
            members.add(guacds.servedBy(guacds.connect(context, "desktop", "alice")));
            members.add(guacds.servedBy(guacds.connect(context, "desktop", "alice")));
        }
        assertEquals(Set.of(guacds.ringOwner("user:alice")), members);
        guacds.close();

        guacds = RoutedGuacds.pureRing(3, Map.of("guacd-affinity-key", "session"));
        Set<String> perLogin = new HashSet<>();
        for (int login = 0; login < 30; login++) {
            UserContext context = guacds.login("alice");
            String first = guacds.servedBy(guacds.connect(context, "desktop", "alice"));
            String second = guacds.servedBy(guacds.connect(context, "desktop", "alice"));
            assertEquals(first, second, "two connects of one login must share its guacd");
            perLogin.add(first);
        }
        assertTrue(perLogin.size() > 1, "30 logins of one user all landed on " + perLogin + " under session keys");
    }

    @Test
    void joinByIdLandsOnTheGuacdThatIssuedIt() throws Exception {
        guacds = RoutedGuacds.start(3);
        for (int i = 0; i < 6; i++) {
            String owner = "owner" + i;
            GuacamoleTunnel primary = guacds.connect(guacds.login(owner), "desktop", owner);
            String id = RoutedGuacds.idOf(primary);
            String host = guacds.servedBy(primary);

            GuacamoleConfiguration joinConfig = new GuacamoleConfiguration();
            joinConfig.setConnectionID(id);
            joinConfig.setParameter("read-only", "true");
            Map<String, GuacamoleConfiguration> configs = new HashMap<>();
            configs.put("watch", joinConfig);
            String watcher = "watcher-of-" + i;
            UserContext watcherContext = guacds.login(new SimpleUserContext(Logins.USER_MAPPING, watcher, configs,
                    true), watcher);
            GuacamoleTunnel join = guacds.connect(watcherContext, "watch", watcher);
            assertEquals(host, guacds.servedBy(join));
            GuacdDouble hostDouble = guacds.byName(host);
            assertTrue(Poll.until(() -> hostDouble.served(id).size() == 2, WAIT), hostDouble.served(id).toString());
            // the double records each session after its ready, so the two records may come in either order
            List<ServedSession> sessions = hostDouble.served(id);
            assertEquals(1, sessions.stream().filter(ServedSession::join).count(),
                    "one owner and one join on " + id + ": " + sessions);
        }
    }

    @Test
    void stoppedGuacdFailsOverItsUsersOnlyAndTheyGoHomeAfterTheRestartOnceTheirTunnelsClose() throws Exception {
        guacds = RoutedGuacds.pureRing(3);
        Map<String, GuacamoleTunnel> live = new HashMap<>();
        Map<String, String> before = sixtyConnected("u", live);
        GuacdDouble victim = guacds.byName("guacd-stateful-1");
        victim.stop();
        Map<String, String> after = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            String user = "u" + i;
            live.get(user).close();
            GuacamoleTunnel t = guacds.connect(guacds.login(user), "desktop", user);
            after.put(user, guacds.servedBy(t));
            live.put(user, t);
        }
        int moved = 0;
        for (String user : before.keySet()) {
            if (before.get(user).equals("guacd-stateful-1")) {
                moved++;
                List<io.guacdaffinity.ring.Member> preference = guacds.ring.get().preferenceList("user:" + user);
                assertEquals(preference.get(1).name(), after.get(user), user + " should fail over to its next member");
            }
            else
                assertEquals(before.get(user), after.get(user), user + " moved although its guacd was up");
        }
        assertTrue(moved > 0, "no user was on the stopped guacd");

        victim.restart();
        assertTrue(Poll.until(() -> guacds.doubles.stream().mapToInt(GuacdDouble::liveSessions).sum() == 60, WAIT),
                "the 60 live sessions should survive the restart where they are");
        assertTrue(Poll.until(() -> !guacds.service.router().health().isDown("guacd-stateful-1"), WAIT),
                "cool-down never ended");
        List<GuacamoleTunnel> tabs = new ArrayList<>();
        for (String user : after.keySet()) {
            GuacamoleTunnel t = guacds.connect(guacds.login(user), "desktop", user);
            tabs.add(t);
            assertEquals(after.get(user), guacds.servedBy(t), user + "'s second tab should join its open tunnel");
        }
        assertEquals(0, victim.liveSessions(), "live sessions must stay where they are");
        // Once a user's tunnels are all closed, the ring decides again: the failed-over users go home.
        for (GuacamoleTunnel t : tabs)
            t.close();
        for (GuacamoleTunnel t : live.values())
            t.close();
        int home = 0;
        for (String user : before.keySet()) {
            String served = guacds.servedBy(guacds.connect(guacds.login(user), "desktop", user));
            assertEquals(before.get(user), served, user + " should be back on its own guacd");
            if (served.equals("guacd-stateful-1"))
                home++;
        }
        assertEquals(moved, home, "every failed-over user went home");
        int fresh = 0;
        for (int i = 0; i < 300 && fresh < 5; i++) {
            String user = "newcomer" + i;
            if (!guacds.ringOwner("user:" + user).equals("guacd-stateful-1"))
                continue;
            assertEquals("guacd-stateful-1", guacds.servedBy(guacds.connect(guacds.login(user), "desktop", user)));
            fresh++;
        }
        assertEquals(5, fresh);
    }

    @Test
    void allGuacdsDownIsUpstreamUnavailableNamingEveryMemberTriedInTime() throws Exception {
        guacds = RoutedGuacds.start(3);
        guacds.doubles.forEach(GuacdDouble::stop);
        UserContext context = guacds.login("bob");
        long start = System.nanoTime();
        GuacamoleUpstreamUnavailableException e = assertThrows(GuacamoleUpstreamUnavailableException.class,
                () -> guacds.connect(context, "desktop", "bob"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        for (GuacdDouble d : guacds.doubles)
            assertTrue(e.getMessage().contains(d.name()), e.getMessage());
        long bound = (long) guacds.config.maxAttempts() * guacds.config.connectTimeoutMillis();
        assertTrue(millis < bound, "took " + millis + " ms, more than attempts x connect timeout = " + bound);
        assertTrue(guacds.service.router().loads().snapshot().isEmpty());
    }

    @Test
    void ringChangeMovesNoLiveTunnelAndNewKeysFollowTheNewRing() throws Exception {
        guacds = RoutedGuacds.pureRing(3);
        Map<String, GuacamoleTunnel> live = new HashMap<>();
        Map<String, String> where = sixtyConnected("p", live);
        guacds.addMembers(GuacdDouble.start("guacd-stateful-3"), GuacdDouble.start("guacd-stateful-4"));
        int wouldMove = 0;
        for (Map.Entry<String, GuacamoleTunnel> e : live.entrySet()) {
            assertTrue(e.getValue().isOpen());
            assertTrue(guacds.byName(where.get(e.getKey())).liveConnectionIds().contains(RoutedGuacds.idOf(e.getValue())));
            String user = e.getKey();
            if (!guacds.ringOwner("user:" + user).equals(where.get(user)))
                wouldMove++;
            assertEquals(where.get(user), guacds.servedBy(guacds.connect(guacds.login(user), "desktop", user)),
                    user + " has live tunnels and must stay");
        }
        assertTrue(wouldMove > 0, "the new ring should own some of the 60 users elsewhere");
        assertEquals(0, guacds.byName("guacd-stateful-3").liveSessions() + guacds.byName("guacd-stateful-4").liveSessions());
        Set<String> newcomersOn = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            String user = "q" + i;
            String served = guacds.servedBy(guacds.connect(guacds.login(user), "desktop", user));
            assertEquals(guacds.ringOwner("user:" + user), served);
            newcomersOn.add(served);
        }
        assertTrue(newcomersOn.contains("guacd-stateful-3") || newcomersOn.contains("guacd-stateful-4"));
        for (LiveKeys.LiveKey k : guacds.service.router().liveKeys().snapshot())
            assertTrue(guacds.ring.get().contains(k.member()) || where.containsValue(k.member()), k.toString());

        // Once their tunnels close, the users the new ring hands to the added members go there.
        guacds.closeAll();
        int onAdded = 0;
        for (String user : where.keySet()) {
            String served = guacds.servedBy(guacds.connect(guacds.login(user), "desktop", user));
            assertEquals(guacds.ringOwner("user:" + user), served, user);
            if (!served.equals(where.get(user)))
                onAdded++;
        }
        assertEquals(wouldMove, onAdded, "every user the new ring owns elsewhere moved at the next connect");
    }

    /**
     * Connects sixty users, {@code prefix} 0 to 59, their tunnels kept open in {@code live}; returns the
     * member each landed on.
     */
    private Map<String, String> sixtyConnected(String prefix, Map<String, GuacamoleTunnel> live)
            throws GuacamoleException {
        Map<String, String> where = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            String user = prefix + i;
            GuacamoleTunnel t = guacds.connect(guacds.login(user), "desktop", user);
            where.put(user, guacds.servedBy(t));
            live.put(user, t);
        }
        return where;
    }
}
