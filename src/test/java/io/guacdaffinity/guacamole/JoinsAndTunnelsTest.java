package io.guacdaffinity.guacamole;

import io.guacdaffinity.routing.LiveKeys;
import io.guacdaffinity.testing.GuacdDouble;
import io.guacdaffinity.testing.ServedSession;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.io.GuacamoleReader;
import org.apache.guacamole.GuacamoleServerException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.ActiveConnection;
import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.net.auth.TokenInjectingConnection;
import org.apache.guacamole.net.auth.TokenInjectingUserContext;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.net.auth.simple.SimpleConnection;
import org.apache.guacamole.net.auth.simple.SimpleUserContext;
import org.apache.guacamole.protocol.GuacamoleClientInformation;
import org.apache.guacamole.protocol.GuacamoleConfiguration;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JoinsAndTunnelsTest extends GuacdsPerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Three guacds behind the extension, and the session a teacher opened on one of them. */
    private GuacamoleTunnel teachersSessionOnOneOfThreeGuacds() throws GuacamoleException, java.io.IOException {
        guacds = RoutedGuacds.start(3);
        return guacds.connect(guacds.login("teacher"), "desktop", "teacher");
    }

    /** An administrator's login whose active-connection directory lists {@code primary} as "active-1". */
    private UserContext adminSeeing(GuacamoleTunnel primary) {
        return guacds.login(ActiveSessions.listing("admin", "active-1", primary), "admin");
    }

    /** A monitor joining "active-1" from {@code admin}'s list of active connections. */
    private static GuacamoleTunnel monitor(UserContext admin) throws GuacamoleException {
        return ActiveSessions.join(admin, "active-1");
    }

    /** {@code user} signing in from 192.0.2.44, the one address a whole class behind a NAT router shares. */
    private UserContext pupilBehindOneAddress(String user) {
        return guacds.provider.decorate(Logins.userMapping(user), Logins.user(user, "192.0.2.44"),
                Logins.credentials(user, "192.0.2.44"));
    }

    @Test
    void joinThroughTheActiveConnectionDirectoryReachesTheHostingGuacd() throws Exception {
        GuacamoleTunnel primary = teachersSessionOnOneOfThreeGuacds();
        String id = RoutedGuacds.idOf(primary);
        String host = guacds.servedBy(primary);
        GuacamoleTunnel monitor = monitor(adminSeeing(primary));
        assertEquals(host, guacds.servedBy(monitor));
        GuacdDouble hosting = guacds.byName(host);
        assertTrue(Poll.until(() -> hosting.served(id).size() == 2, WAIT));
        assertEquals(1, hosting.served(id).stream().filter(ServedSession::join).count(), hosting.served(id).toString());
        assertEquals(2, guacds.service.router().loads().liveTunnels(host), "the join counts as live on its host");
        monitor.close();
        primary.close();
        assertTrue(guacds.service.router().loads().snapshot().isEmpty());
        assertTrue(guacds.service.joinableSessions().isEmpty(), "closed sessions must leave the join registry");
    }

    @Test
    void aMemberLeavingTheRingLeavesItsLiveTunnelsStreamingAndJoinable() throws Exception {
        GuacamoleTunnel primary = teachersSessionOnOneOfThreeGuacds();
        String id = RoutedGuacds.idOf(primary);
        String host = guacds.servedBy(primary);
        GuacdDouble hosting = guacds.byName(host);
        List<io.guacdaffinity.ring.Member> rest = new java.util.ArrayList<>(guacds.ring.get().members());
        rest.removeIf(m -> m.name().equals(host));
        guacds.ring.set(io.guacdaffinity.ring.HashRing.of(rest, guacds.config.virtualNodes()));

        long left = System.currentTimeMillis();
        assertTrue(primary.isOpen());
        ClientSide.readSyncsStampedAfter(primary, left, 3);
        assertEquals(1, guacds.service.router().loads().liveTunnels(host), "still counted on the member that left");
        assertEquals(host, guacds.service.joinableSessions().get(id));

        GuacamoleTunnel monitor = monitor(adminSeeing(primary));
        assertEquals(host, guacds.servedBy(monitor), "a join must reach the session's guacd while it drains");
        assertTrue(Poll.until(() -> hosting.served(id).size() == 2, WAIT));
        assertEquals(1, hosting.served(id).stream().filter(ServedSession::join).count(), hosting.served(id).toString());

        monitor.close();
        primary.close();
        assertTrue(Poll.until(() -> hosting.liveSessions() == 0, WAIT), "the double never saw the client leave");
        assertEquals(0, guacds.service.router().loads().liveTunnels(host));
        assertTrue(guacds.service.joinableSessions().isEmpty());
    }

    @Test
    void activeConnectionsOfOtherOriginJoinThroughTheirProvider() throws Exception {
        guacds = RoutedGuacds.start(3);
        GuacamoleTunnel foreign = org.mockito.Mockito.mock(GuacamoleTunnel.class);
        ActiveConnection active = new ActiveSessions.ListedActiveConnection("jdbc-active", foreign) {
            @Override
            public GuacamoleTunnel connect(GuacamoleClientInformation info, Map<String, String> tokens)
                    throws GuacamoleException {
                throw new org.apache.guacamole.GuacamoleSecurityException("Permission denied.");
            }
        };
        UserContext inner = ActiveSessions.listing("admin", active);
        ActiveConnection wrapped = guacds.login(inner, "admin").getActiveConnectionDirectory().get("jdbc-active");
        assertEquals("jdbc-active", wrapped.getIdentifier());
        assertThrows(org.apache.guacamole.GuacamoleSecurityException.class,
                () -> wrapped.connect(new GuacamoleClientInformation(), Map.of()),
                "the provider's own answer (here: permission denied) must come through");
        assertEquals(0, guacds.servedTotal());
    }

    @Test
    void tunnelIsReleasedExactlyOnceWhenItsGuacdDies() throws Exception {
        guacds = RoutedGuacds.start(3);
        GuacamoleTunnel tunnel = guacds.connect(guacds.login("frank"), "desktop", "frank");
        String host = guacds.servedBy(tunnel);
        assertEquals(1, guacds.service.router().loads().liveTunnels(host));
        guacds.byName(host).stop();
        GuacamoleReader reader = tunnel.acquireReader();
        try {
            assertThrows(GuacamoleException.class, () -> {
                for (int i = 0; i < 10_000; i++) {
                    if (reader.readInstruction() == null)
                        throw new org.apache.guacamole.GuacamoleConnectionClosedException("end of stream");
                }
            });
        }
        finally {
            tunnel.releaseReader();
        }
        tunnel.close();
        tunnel.close();
        assertEquals(0, guacds.service.router().loads().liveTunnels(host));
        assertEquals(List.of(), guacds.service.router().liveKeys().snapshot(), "live keys left behind");
    }

    /** A provider's login of {@code user} whose one connection, "desk", passes {@code username} to guacd. */
    private static UserContext deskWithUsername(String user, String username) {
        GuacamoleConfiguration config = Logins.vnc("vault-desktop");
        config.setParameter("username", username);
        return new SimpleUserContext(Logins.USER_MAPPING, user, Map.of("desk", config), true);
    }

    /** The username guacd was given when {@code user} connected to "desk" through {@code inner}. */
    private String usernameAtGuacd(UserContext inner, String user) throws Exception {
        GuacamoleTunnel tunnel = guacds.connect(guacds.login(inner, user), "desk", user);
        return guacds.ownerRecord(tunnel).parameter("username");
    }

    @Test
    void tokensInjectedByAProviderWrapperAreApplied() throws Exception {
        guacds = RoutedGuacds.start(3);
        GuacamoleConfiguration config = Logins.vnc("ldap-desktop");
        config.setParameter("username", "${LDAP_UID}");
        Connection ldapLike = new TokenInjectingConnection(new SimpleConnection("desk", "desk", config, true),
                Map.of("LDAP_UID", "grace.hopper"));
        UserContext inner = Logins.withConnections("grace", ldapLike);
        GuacamoleTunnel tunnel = guacds.connect(guacds.login(inner, "grace"), "desk", "grace");
        ServedSession served = guacds.ownerRecord(tunnel);
        assertEquals("grace.hopper", served.parameter("username"));
        assertEquals("ldap-desktop", served.parameter("hostname"));
    }

    @Test
    void tokensOfATokenInjectingUserContextAreApplied() throws Exception {
        // LDAP's decorate() and guacamole-vault wrap whole contexts: their connections override
        // addTokens() and keep no token map, and sit inside us when guacd-affinity is not listed first
        guacds = RoutedGuacds.start(3);
        UserContext decoratedByVault = new TokenInjectingUserContext(
                deskWithUsername("ivan", "${KEEPER_USER_LOGIN}"), Map.of("KEEPER_USER_LOGIN", "from-the-vault"));
        assertEquals("from-the-vault", usernameAtGuacd(decoratedByVault, "ivan"));
    }

    @Test
    void aWrapperSeesTheTokensAlreadySuppliedToConnect() throws Exception {
        // guacamole-vault derives a secret's name from tokens such as GUAC_USERNAME in its addTokens()
        guacds = RoutedGuacds.start(3);
        UserContext vaultLike = new TokenInjectingUserContext(deskWithUsername("ivan", "${VAULT_LOGIN}")) {
            @Override
            protected void addTokens(Connection connection, Map<String, String> tokens) throws GuacamoleException {
                tokens.put("VAULT_LOGIN", "secret-of-" + tokens.get("GUAC_USERNAME"));
            }
        };
        assertEquals("secret-of-ivan", usernameAtGuacd(vaultLike, "ivan"));
    }

    @Test
    void aWrapperThatCannotProduceItsTokensFailsTheConnectAsItsOwnConnectWould() throws Exception {
        guacds = RoutedGuacds.start(3);
        UserContext provider = new SimpleUserContext(Logins.USER_MAPPING, "judy",
                Map.of("desk", Logins.vnc("vault-desktop")), true);
        UserContext vaultDown = new TokenInjectingUserContext(provider) {
            @Override
            protected Map<String, String> getTokens(Connection connection) throws GuacamoleException {
                throw new GuacamoleServerException("vault unreachable");
            }
        };
        GuacamoleException e = assertThrows(GuacamoleException.class,
                () -> guacds.connect(guacds.login(vaultDown, "judy"), "desk", "judy"));
        assertTrue(e.getMessage().contains("vault unreachable"), e.getMessage());
        assertEquals(0, guacds.servedTotal(), "no session may start without the wrapper's tokens");
    }

    @Test
    void tokensStayLiteralWhenTheProviderDoesNotInterpretThem() throws Exception {
        guacds = RoutedGuacds.start(3);
        UserContext inner = new SimpleUserContext(Logins.USER_MAPPING, "heidi",
                Map.of("desktop", Logins.vnc("literal")), false);
        GuacamoleTunnel tunnel = guacds.connect(guacds.login(inner, "heidi"), "desktop", "heidi");
        ServedSession served = guacds.ownerRecord(tunnel);
        assertEquals("${GUAC_USERNAME}", served.parameter("username"));
    }

    @Test
    void clientAddressKeyWithoutBoundedLoadPutsEveryoneBehindOneAddressOnOneGuacd() throws Exception {
        guacds = RoutedGuacds.pureRing(3, Map.of("guacd-affinity-key", "client-ip"));
        String expected = guacds.ringOwner("client-ip:192.0.2.44");
        for (int i = 0; i < 20; i++) {
            String user = "pupil" + i;
            UserContext context = pupilBehindOneAddress(user);
            assertEquals(expected, guacds.servedBy(guacds.connect(context, "desktop", user)));
        }
        List<LiveKeys.LiveKey> keys = guacds.service.router().liveKeys().snapshot();
        assertEquals(1, keys.size());
        assertEquals("client-ip:192.0.2.44", keys.get(0).key());
        assertEquals(20, keys.get(0).tunnels());
        assertFalse(keys.get(0).key().contains("password"));
    }

    @Test
    void clientAddressKeyWithBoundedLoadSpreadsAClassBehindOneAddress() throws Exception {
        guacds = RoutedGuacds.start(3, Map.of("guacd-affinity-key", "client-ip"));
        Map<String, Integer> perGuacd = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            String user = "pupil" + i;
            UserContext context = pupilBehindOneAddress(user);
            perGuacd.merge(guacds.servedBy(guacds.connect(context, "desktop", user)), 1, Integer::sum);
        }
        assertEquals(3, perGuacd.size(), "a class behind one NAT address should use every guacd: " + perGuacd);
        for (int n : perGuacd.values())
            assertTrue(n <= Math.ceil(1.25 * 30 / 3), "c = 1.25 allows at most 13 of 30 per guacd: " + perGuacd);
        Set<String> keys = new HashSet<>();
        guacds.service.router().liveKeys().snapshot().forEach(k -> keys.add(k.key()));
        assertEquals(Set.of("client-ip:192.0.2.44"), keys, "one key, live on several guacds");
    }

    @Test
    void aSecondMonitorStillReachesTheHostingGuacdAfterTheFirstLeft() throws Exception {
        // guacd answers a joining user with the joined session's $id: closing the join must not
        // unregister the owner's session
        GuacamoleTunnel primary = teachersSessionOnOneOfThreeGuacds();
        String id = RoutedGuacds.idOf(primary);
        String host = guacds.servedBy(primary);
        UserContext admin = adminSeeing(primary);
        GuacamoleTunnel first = monitor(admin);
        assertEquals(host, guacds.servedBy(first));
        assertTrue(Poll.until(() -> guacds.byName(host).served(id).size() == 2, WAIT));
        first.close();

        assertTrue(primary.isOpen(), "the owner's tunnel is still live");
        assertEquals(host, guacds.service.joinableSessions().get(id),
                "the owner's session is still live on " + host + " and must stay joinable");
        GuacamoleTunnel second = monitor(admin);
        assertEquals(host, guacds.servedBy(second));
        second.close();
        primary.close();
    }
}
