package io.guacdaffinity.guacamole;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleSecurityException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.protocol.GuacamoleClientInformation;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connection shaped like guacamole-auth-json's UserDataConnection: a plain Connection (no
 * SimpleConnection inside), no attributes, its full configuration visible, and a connect() that
 * does the provider's own work (single-use, join bookkeeping). DESIGN.md: JSON auth is left to its provider.
 */
class ProviderOwnedConnectionTest extends GuacdsPerTest {

    /** Single use, as JSON auth's "singleUse": true enforces it inside connect(). */
    static final class SingleUseConnection extends NoHistoryConnection {
        final AtomicBoolean used = new AtomicBoolean();
        final java.util.concurrent.atomic.AtomicInteger connects = new java.util.concurrent.atomic.AtomicInteger();
        final GuacamoleTunnel issued = org.mockito.Mockito.mock(GuacamoleTunnel.class);

        SingleUseConnection() {
            setIdentifier("json-desktop");
            setName("json-desktop");
            setConfiguration(Logins.vnc("desktop.example"));
        }

        @Override
        public Map<String, String> getAttributes() {
            return Map.of();
        }

        @Override
        public void setAttributes(Map<String, String> attributes) {
            throw new UnsupportedOperationException("immutable");
        }

        @Override
        public GuacamoleTunnel connect(GuacamoleClientInformation info, Map<String, String> tokens)
                throws GuacamoleException {
            connects.incrementAndGet();
            if (!used.compareAndSet(false, true))
                throw new GuacamoleSecurityException("Permission denied");
            return issued;
        }
    }

    @Test
    void jsonStyleConnectionIsLeftToItsProvider() throws Exception {
        guacds = RoutedGuacds.start(3);
        SingleUseConnection json = new SingleUseConnection();
        UserContext inner = Logins.withConnections("frank", json);
        UserContext context = guacds.login(inner, "frank");
        GuacamoleTunnel first = context.getConnectionDirectory().get("json-desktop")
                .connect(new GuacamoleClientInformation(), Map.of());
        assertSame(json.issued, first, "the provider's own tunnel reaches the user unchanged");
        assertThrows(GuacamoleSecurityException.class, () -> context.getConnectionDirectory().get("json-desktop")
                .connect(new GuacamoleClientInformation(), Map.of()), "a single-use connection was used twice");
        assertEquals(2, json.connects.get(), "each connect must run the provider's own connect()");
        assertEquals(0, guacds.servedTotal(), "the extension opened its own tunnels to guacd for a JSON connection");
    }

    /** Like guacamole-auth-restrict's wrapper: its connect() refuses outside the allowed hours. */
    static final class RestrictedConnection extends org.apache.guacamole.net.auth.DelegatingConnection {

        RestrictedConnection(Connection connection) {
            super(connection);
        }

        @Override
        public GuacamoleTunnel connect(GuacamoleClientInformation info, Map<String, String> tokens)
                throws GuacamoleException {
            throw new GuacamoleSecurityException("outside the allowed hours");
        }
    }

    @Test
    void aConnectionAnotherExtensionWrappedFirstKeepsThatExtensionsChecks() throws Exception {
        guacds = RoutedGuacds.start(3);
        Connection restricted = new RestrictedConnection(
                new org.apache.guacamole.net.auth.simple.SimpleConnection("desk", "desk", Logins.vnc("lab"), true));
        UserContext inner = Logins.withConnections("gina", restricted);
        GuacamoleSecurityException e = assertThrows(GuacamoleSecurityException.class,
                () -> guacds.connect(guacds.login(inner, "gina"), "desk", "gina"));
        assertEquals("outside the allowed hours", e.getMessage());
        assertEquals(0, guacds.servedTotal(), "a tunnel of ours would have skipped the wrapper's check");
        assertTrue(guacds.service.notes().list().stream().anyMatch(n -> n.contains(RestrictedConnection.class.getName())
                && n.contains("extension-priority")), "the admin is told why: " + guacds.service.notes().list());
    }
}
