package io.guacdaffinity.guacamole;

import io.guacdaffinity.testing.CapturedLog;
import io.guacdaffinity.testing.DeadPort;
import io.guacdaffinity.testing.GuacdDouble;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.net.auth.TokenInjectingConnection;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.net.auth.simple.SimpleConnection;
import org.apache.guacamole.net.auth.simple.SimpleUserContext;
import org.apache.guacamole.protocol.GuacamoleConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every error the extension hands a user who connects (Guacamole shows its message in the client
 * and sends it in the HTTP tunnel's headers) names members and outcomes, never a host, an address
 * or a port: those stay in the log, for the operator.
 */
class UserErrorsNameNoHostTest extends GuacdsPerTest {

    private final List<String> internals = new ArrayList<>();

    /** The user's error, checked for every host, address and port this test's members use. */
    private String userError(Executable connect) {
        GuacamoleException e = assertThrows(GuacamoleException.class, connect);
        String message = e.getMessage();
        assertTrue(message != null && !message.isEmpty(), "an error without a message");
        for (String internal : internals)
            assertFalse(message.contains(internal), "the user's error names " + internal + ": " + message);
        assertFalse(message.contains(GuacdDouble.HOST), "the user's error names an address: " + message);
        return message;
    }

    private RoutedGuacds members(String... namesAndPorts) throws Exception {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < namesAndPorts.length; i += 2) {
            items.add(namesAndPorts[i] + "=" + GuacdDouble.HOST + ":" + namesAndPorts[i + 1]);
            internals.add(":" + namesAndPorts[i + 1]);
        }
        return RoutedGuacds.start(0, Map.of("guacd-affinity-members", String.join(",", items),
                "guacd-affinity-health-interval", "0"));
    }

    /** A user-mapping connection whose attributes fix it to {@code member}. */
    private static Connection fixedTo(String member) {
        return new SimpleConnection("fixed", "fixed", Logins.vnc("pc.example"), true) {
            @Override
            public Map<String, String> getAttributes() {
                return Map.of("guacd-affinity-member", member);
            }
        };
    }

    @Test
    void refusedMembersAreNamedByNameAndOutcomeAndTheLogKeepsTheirAddresses() throws Exception {
        String a = String.valueOf(DeadPort.find());
        String b = String.valueOf(DeadPort.find());
        guacds = members("guacd-a", a, "guacd-b", b);
        String log;
        String message;
        try (CapturedLog lines = CapturedLog.start()) {
            message = userError(() -> guacds.connect(guacds.login("alice"), "desktop", "alice"));
            log = lines.text();
        }
        assertTrue(message.contains("guacd-a (unreachable)") && message.contains("guacd-b (unreachable)"), message);
        assertTrue(log.contains(GuacdDouble.HOST + ":" + a) && log.contains(GuacdDouble.HOST + ":" + b), log);
    }

    @Test
    void aSilentMemberIsNamedWithoutItsAddress() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName(GuacdDouble.HOST))) {
            guacds = members("guacd-quiet", String.valueOf(silent.getLocalPort()));
            String message = userError(() -> guacds.connect(guacds.login("bob"), "desktop", "bob"));
            assertTrue(message.contains("guacd-quiet (silent)"), message);
        }
    }

    @Test
    void aFixedMemberThatFailsIsNamedWithoutItsAddress() throws Exception {
        String port = String.valueOf(DeadPort.find());
        guacds = members("guacd-fixed", port);
        UserContext context = guacds.login(Logins.withConnections("carol", fixedTo("guacd-fixed")), "carol");
        String message = userError(() -> guacds.connect(context, "fixed", "carol"));
        assertTrue(message.contains("guacd-fixed (unreachable)"), message);
    }

    @Test
    void aJoinWhoseGuacdStoppedSaysSoWithoutItsAddress() throws Exception {
        guacds = RoutedGuacds.start(1, Map.of("guacd-affinity-health-interval", "0"));
        GuacdDouble only = guacds.doubles.get(0);
        internals.add(":" + only.port());
        GuacamoleTunnel owner = guacds.connect(guacds.login("dave"), "desktop", "dave");
        GuacamoleConfiguration watch = new GuacamoleConfiguration();
        watch.setConnectionID(RoutedGuacds.idOf(owner));
        Map<String, GuacamoleConfiguration> configs = new HashMap<>();
        configs.put("watch", watch);
        UserContext watcher = guacds.login(new SimpleUserContext(Logins.USER_MAPPING, "erin", configs, true), "erin");
        only.stop();
        userError(() -> guacds.connect(watcher, "watch", "erin"));
    }

    @Test
    void anEmptyRingSaysSoWithoutAnyAddress() throws Exception {
        guacds = RoutedGuacds.start(1);
        guacds.ring.set(null);
        String message = userError(() -> guacds.connect(guacds.login("frank"), "desktop", "frank"));
        assertTrue(message.contains("the ring is empty"), message);
    }

    @Test
    void anotherExtensionsTokenFailureIsNotQuotedToTheUser() throws Exception {
        guacds = RoutedGuacds.start(1);
        internals.add("vault.internal.example");
        Connection vaulted = new TokenInjectingConnection(new SimpleConnection("vaulted", "vaulted",
                Logins.vnc("pc.example"), true)) {
            @Override
            protected void addTokens(Map<String, String> tokens) {
                throw new IllegalStateException("vault.internal.example:8200 refused the secret of this connection");
            }
        };
        UserContext context = guacds.login(Logins.withConnections("grace", vaulted), "grace");
        String log;
        try (CapturedLog lines = CapturedLog.start()) {
            userError(() -> guacds.connect(context, "vaulted", "grace"));
            log = lines.text();
        }
        assertTrue(log.contains("java.lang.IllegalStateException: vault.internal.example:8200 refused"),
                "the log keeps the cause, with its stack trace:\n" + log);
        assertTrue(log.contains("\tat io.guacdaffinity.guacamole.DecoratedConnections"), log);
    }
}
