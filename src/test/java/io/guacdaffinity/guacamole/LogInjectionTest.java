package io.guacdaffinity.guacamole;

import io.guacdaffinity.testing.CapturedLog;

import org.apache.guacamole.GuacamoleUpstreamUnavailableException;
import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.net.auth.simple.SimpleConnection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * User and connection names are chosen by users (QuickConnect, LDAP, a self-service portal): the
 * log lines that name them must stay one line each, whatever the names hold.
 */
class LogInjectionTest extends GuacdsPerTest {

    /** A user name that would forge a WARN line if logged as it is. */
    private static final String USER = "alice\nWARN forged line";
    /** A connection name and identifier with a carriage return, an escape sequence and a DEL. */
    private static final String CONNECTION_NAME = "desk\r\nERROR forged connection line";
    private static final String CONNECTION_ID = "id\u001b[31m\u007f";

    private UserContext login(Connection connection) {
        return guacds.login(Logins.withConnections(USER, connection), USER);
    }

    /** A user-mapping style connection whose attributes carry an affinity key the admin mistyped across lines. */
    private static Connection connection(String badKey) {
        return new SimpleConnection(CONNECTION_NAME, CONNECTION_ID, Logins.vnc("pc.example"), true) {
            @Override
            public Map<String, String> getAttributes() {
                Map<String, String> attributes = new HashMap<>();
                if (badKey != null)
                    attributes.put("guacd-affinity-key", badKey);
                return attributes;
            }
        };
    }

    private static List<String> lines(String log) {
        List<String> out = new ArrayList<>();
        for (String line : log.split("\r\n|\n|\r", -1))
            out.add(line);
        return out;
    }

    private static void assertNothingForged(String log) {
        for (String line : lines(log)) {
            assertTrue(!line.startsWith("WARN forged") && !line.startsWith("ERROR forged")
                    && !line.startsWith("INFO forged"), "a forged log line:\n" + log);
            assertTrue(line.chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7f),
                    "a control character reached the log: " + line);
        }
    }

    @Test
    void theDecisionLineEscapesTheUserAndTheConnection() throws Exception {
        guacds = RoutedGuacds.start(2);
        String log;
        try (CapturedLog lines = CapturedLog.start()) {
            guacds.connect(login(connection(null)), CONNECTION_ID, USER);
            log = lines.text();
        }
        assertNothingForged(log);
        String decision = lines(log).stream().filter(l -> l.contains("TunnelRouter") && l.contains(" -> "))
                .findFirst().orElseThrow(() -> new AssertionError("no decision line:\n" + log));
        assertTrue(decision.contains("user \"alice\\nWARN forged line\" -> connection"
                + " \"desk\\r\\nERROR forged connection line\" (id\\u001b[31m\\u007f)"), decision);
    }

    @Test
    void theFailureLineAndTheAttributeWarningEscapeThemToo() throws Exception {
        guacds = RoutedGuacds.start(1);
        guacds.ring.set(null);
        String log;
        try (CapturedLog lines = CapturedLog.start()) {
            assertThrows(GuacamoleUpstreamUnavailableException.class,
                    () -> guacds.connect(login(connection("user\nINFO forged key")), CONNECTION_ID, USER));
            log = lines.text();
        }
        assertNothingForged(log);
        long warnings = lines(log).stream().filter(l -> l.contains(" WARN ")
                && l.contains("desk\\r\\nERROR forged connection line")).count();
        assertEquals(2, warnings, "the attribute warning and the routing failure:\n" + log);
        assertTrue(log.contains("\"user\\nINFO forged key\""), log);
        assertTrue(log.contains("user \"alice\\nWARN forged line\" could not be routed"), log);
    }
}
