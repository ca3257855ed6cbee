package io.guacdaffinity.guacamole;

import io.guacdaffinity.routing.MemberUnreachableException.Evidence;
import io.guacdaffinity.testing.GuacdDouble;
import io.guacdaffinity.tunnel.ConnectFailures;

import org.apache.guacamole.GuacamoleClientTooManyException;
import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleResourceNotFoundException;
import org.apache.guacamole.GuacamoleSecurityException;
import org.apache.guacamole.GuacamoleServerException;
import org.apache.guacamole.GuacamoleUnsupportedException;
import org.apache.guacamole.GuacamoleUpstreamTimeoutException;
import org.apache.guacamole.GuacamoleUpstreamUnavailableException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.protocol.GuacamoleClientInformation;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures fail over and which reach the user unchanged. */
class FailureMappingTest extends GuacdsPerTest {

    private static Evidence connecting(GuacamoleException e) throws GuacamoleException {
        return ConnectFailures.connecting(e).evidence();
    }

    @Test
    void onlyEvidenceAboutTheMemberCountsAgainstIt() throws Exception {
        assertEquals(Evidence.MEMBER, connecting(new GuacamoleUpstreamUnavailableException("refused",
                new java.net.ConnectException("Connection refused"))));
        assertEquals(Evidence.MEMBER, connecting(new GuacamoleUpstreamTimeoutException("connect timed out")));

        GuacamoleException timeout = new GuacamoleUpstreamTimeoutException("Connection to guacd timed out.");
        GuacamoleException closed = new GuacamoleServerException("End of stream while waiting for instruction.");
        GuacamoleException refused = new GuacamoleServerException("guacd error 519");
        // before guacd's first word
        assertEquals(Evidence.SILENCE, ConnectFailures.handshaking(timeout, false, false).evidence());
        assertEquals(Evidence.MEMBER, ConnectFailures.handshaking(closed, false, false).evidence());
        assertEquals(Evidence.REQUEST, ConnectFailures.handshaking(closed, false, true).evidence(),
                "guacd ends a join of an id it does not have without a word");
        // after it
        assertEquals(Evidence.REQUEST, ConnectFailures.handshaking(refused, true, false).evidence());
        assertEquals(Evidence.REQUEST, ConnectFailures.handshaking(timeout, true, false).evidence());
        assertEquals(Evidence.REQUEST, ConnectFailures.handshaking(closed, true, false).evidence());

        // a provider's own socket (JDBC)
        assertEquals(Evidence.MEMBER, ConnectFailures.fromProvider(new GuacamoleUpstreamUnavailableException("x",
                new java.net.ConnectException("Connection refused"))).evidence());
        assertEquals(Evidence.SILENCE, ConnectFailures.fromProvider(timeout).evidence());
        assertEquals(Evidence.REQUEST, ConnectFailures.fromProvider(refused).evidence());

        // about the request itself: the user gets it unchanged, nothing else is tried
        for (GuacamoleException e : List.of(new GuacamoleSecurityException("Permission denied."),
                new GuacamoleClientTooManyException("max-connections"),
                new GuacamoleResourceNotFoundException("no such $id"), new GuacamoleUnsupportedException("not here"))) {
            assertSame(e, assertThrows(GuacamoleException.class, () -> ConnectFailures.connecting(e)));
            assertSame(e, assertThrows(GuacamoleException.class, () -> ConnectFailures.handshaking(e, true, false)));
            assertSame(e, assertThrows(GuacamoleException.class, () -> ConnectFailures.fromProvider(e)));
        }
    }

    @Test
    void aMemberSkippedAsDownAndThenTriedLastIsNamedOnceByWhatHappenedWhenTried() throws Exception {
        guacds = RoutedGuacds.start(1, Map.of("guacd-affinity-health-interval", "0"));
        GuacdDouble only = guacds.doubles.get(0);
        only.stop();
        guacds.service.router().health().markDown(only.name());
        GuacamoleUpstreamUnavailableException e = assertThrows(GuacamoleUpstreamUnavailableException.class,
                () -> guacds.connect(guacds.login("zoe"), "desktop", "zoe"));
        assertEquals("no guacd could serve this connection; tried " + only.name() + " (unreachable)", e.getMessage());
    }

    @Test
    void aRefusalByTheProviderReachesTheUserUnchangedAndMarksNothingDown() throws Exception {
        guacds = RoutedGuacds.start(3);
        GuacamoleClientTooManyException tooMany = new GuacamoleClientTooManyException("Too many connections.");
        JdbcLikeConnection limited = new JdbcLikeConnection("7", Logins.vnc("pc"), "127.0.0.1", 1) {
            @Override
            public GuacamoleTunnel connect(GuacamoleClientInformation info, Map<String, String> tokens)
                    throws GuacamoleException {
                throw tooMany;
            }
        };
        UserContext context = guacds.login(Logins.withConnections("ivan", limited), "ivan");
        GuacamoleException thrown = assertThrows(GuacamoleException.class,
                () -> guacds.connect(context, "7", "ivan"));
        assertSame(tooMany, thrown);
        assertTrue(guacds.service.router().health().downMembers().isEmpty());
        assertTrue(guacds.service.router().loads().snapshot().isEmpty());
    }

    @Test
    void aGuacdThatAcceptsButNeverAnswersTimesOutAndFailsOver() throws Exception {
        // Health checks on: the silence is checked at once, the check finds the member hung.
        guacds = RoutedGuacds.start(2, Map.of("guacd-affinity-health-interval", "60"));
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            List<io.guacdaffinity.ring.Member> members = new java.util.ArrayList<>(guacds.ring.get().members());
            members.add(new io.guacdaffinity.ring.Member("guacd-silent", "127.0.0.1", silent.getLocalPort()));
            guacds.ring.set(io.guacdaffinity.ring.HashRing.of(members, guacds.config.virtualNodes()));
            String user = null;
            for (int i = 0; user == null; i++) {
                if (guacds.ringOwner("user:quiet" + i).equals("guacd-silent"))
                    user = "quiet" + i;
            }
            long start = System.nanoTime();
            GuacamoleTunnel tunnel = guacds.connect(guacds.login(user), "desktop", user);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(guacds.ring.get().preferenceList("user:" + user).get(1).name(), guacds.servedBy(tunnel));
            assertTrue(guacds.service.router().health().isDown("guacd-silent"));
            long bound = (long) guacds.config.maxAttempts() * guacds.config.connectTimeoutMillis();
            assertTrue(millis < bound, "took " + millis + " ms, more than " + bound);
        }
    }

    @Test
    void withTlsTheJdbcAttributesAskForSsl() throws Exception {
        guacds = RoutedGuacds.start(3, Map.of("guacd-affinity-ssl", "true"));
        GuacdDouble fallback = guacds.doubles.get(0);
        JdbcLikeConnection jdbc = new JdbcLikeConnection("9", Logins.vnc("pc"), fallback.host(), fallback.port());
        guacds.connect(guacds.login(Logins.withConnections("judy", jdbc), "judy"), "9", "judy");
        assertEquals("ssl", jdbc.getAttributes().get("guacd-encryption"));
    }

}
