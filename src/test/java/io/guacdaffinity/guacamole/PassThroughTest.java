package io.guacdaffinity.guacamole;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.ConnectionGroup;
import org.apache.guacamole.net.auth.Directory;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.net.auth.simple.SimpleDirectory;
import org.apache.guacamole.net.auth.simple.SimpleUserContext;
import org.apache.guacamole.protocol.GuacamoleClientInformation;
import org.apache.guacamole.protocol.GuacamoleConfiguration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

/**
 * What the extension must leave to the provider: share keys, incomplete configurations, joins of
 * sessions it did not open, connection groups, and everything while its configuration is bad.
 */
class PassThroughTest {

    private RoutedGuacds guacds;

    @BeforeEach
    void start() throws Exception {
        guacds = RoutedGuacds.start(3);
    }

    @AfterEach
    void stop() {
        guacds.close();
    }

    /** A connection as some provider made it, recording connect() and answering with a marker tunnel. */
    static final class RecordingConnection extends NoHistoryConnection {

        final Map<String, String> attributes;
        final GuacamoleTunnel marker = mock(GuacamoleTunnel.class);
        final AtomicInteger connects = new AtomicInteger();

        RecordingConnection(String id, GuacamoleConfiguration config, Map<String, String> attributes) {
            setIdentifier(id);
            setName(id);
            setConfiguration(config);
            this.attributes = attributes;
        }

        @Override
        public Map<String, String> getAttributes() {
            return attributes;
        }

        @Override
        public void setAttributes(Map<String, String> attributes) {
            throw new AssertionError("a pass-through connection must not be modified");
        }

        @Override
        public GuacamoleTunnel connect(GuacamoleClientInformation info, Map<String, String> tokens) {
            connects.incrementAndGet();
            return marker;
        }
    }

    private void assertPassedThrough(RecordingConnection connection) throws GuacamoleException {
        UserContext context = guacds.login(Logins.withConnections("carol", connection), "carol");
        GuacamoleTunnel tunnel = context.getConnectionDirectory().get(connection.getIdentifier())
                .connect(new GuacamoleClientInformation(), Logins.tokens("carol"));
        assertSame(connection.marker, tunnel, "the provider's own tunnel must come back untouched");
        assertEquals(1, connection.connects.get(), "the provider's connect() must run");
        assertEquals(0, guacds.servedTotal(), "the extension opened a tunnel of its own");
        assertTrue(guacds.service.router().loads().snapshot().isEmpty());
        assertEquals(0, guacds.service.router().liveKeys().size());
    }

    @Test
    void shareKeyConnectionPassesThroughUntouched() throws Exception {
        GuacamoleConfiguration noParameters = new GuacamoleConfiguration();
        noParameters.setProtocol("vnc");
        assertPassedThrough(new RecordingConnection("share", noParameters, Map.of("jdbc-shared-by", "owner")));
    }

    @Test
    void configurationWithoutParametersIsNeverOpenedByTheExtension() throws Exception {
        GuacamoleConfiguration protocolOnly = new GuacamoleConfiguration();
        protocolOnly.setProtocol("rdp");
        assertPassedThrough(new RecordingConnection("protocol-only", protocolOnly, Map.of()));
    }

    @Test
    void configurationWithoutProtocolIsNeverOpenedByTheExtension() throws Exception {
        GuacamoleConfiguration parametersOnly = new GuacamoleConfiguration();
        parametersOnly.setParameter("hostname", "desktop.example");
        assertPassedThrough(new RecordingConnection("no-protocol", parametersOnly, new HashMap<>()));
    }

    @Test
    void connectionWithoutConfigurationPassesThrough() throws Exception {
        assertPassedThrough(new RecordingConnection("no-config", null, null));
    }

    @Test
    void joinOfASessionTheExtensionDidNotOpenPassesThrough() throws Exception {
        GuacamoleConfiguration join = new GuacamoleConfiguration();
        join.setConnectionID("$not-ours");
        assertPassedThrough(new RecordingConnection("join", join, Map.of()));
    }

    @Test
    void connectionGroupsConnectThroughTheirProvider() throws Exception {
        BalancingGroup balancing = new BalancingGroup("pool");
        GuacamoleTunnel marker = balancing.issued;
        UserContext inner = new SimpleUserContext(Logins.USER_MAPPING, "dave", Map.of(), true) {
            @Override
            public Directory<ConnectionGroup> getConnectionGroupDirectory() {
                return new SimpleDirectory<>(balancing);
            }
        };
        UserContext context = guacds.login(inner, "dave");
        GuacamoleClientInformation info = new GuacamoleClientInformation();
        assertSame(marker, context.getConnectionGroupDirectory().get("pool").connect(info, Map.of()));
        assertEquals(1, balancing.connects, "the group's own connect() must pick and connect the child");
        assertEquals(0, guacds.servedTotal());
        assertTrue(guacds.service.notes().list().stream().anyMatch(n -> n.contains("id pool")), guacds.service.notes().list().toString());
    }

    @Test
    void badConfigurationLeavesEveryContextUndecoratedAndSaysWhy() {
        Map<String, String> bad = Map.of("guacd-affinity-members", "guacd-0=host:99999",
                "guacd-affinity-key", "favourite-colour", "guacd-affinity-max-attempts", "0");
        AffinityAuthenticationProvider provider = new AffinityAuthenticationProvider(bad::get);
        assertTrue(provider.getService().isEmpty(), "a bad configuration starts no routing");
        String reason = provider.getStatus().report().notes.get(0);
        for (String property : new String[] {"guacd-affinity-members", "guacd-affinity-key",
                "guacd-affinity-max-attempts"})
            assertTrue(reason.contains(property), reason);
        UserContext context = Logins.userMapping("erin");
        assertSame(context, provider.decorate(context, Logins.user("erin", "10.0.0.1"),
                Logins.credentials("erin", "10.0.0.1")));
        provider.shutdown();
    }

    /** A JDBC-style balancing group: its own connect() picks a child and opens the tunnel. */
    static final class BalancingGroup extends org.apache.guacamole.net.auth.AbstractConnectionGroup {

        final GuacamoleTunnel issued = mock(GuacamoleTunnel.class);
        int connects;

        BalancingGroup(String identifier) {
            setIdentifier(identifier);
            setName(identifier);
            setType(ConnectionGroup.Type.BALANCING);
        }

        @Override
        public GuacamoleTunnel connect(GuacamoleClientInformation info, Map<String, String> tokens) {
            connects++;
            return issued;
        }

        @Override
        public int getActiveConnections() {
            return 0;
        }

        @Override
        public java.util.Set<String> getConnectionIdentifiers() {
            return java.util.Set.of("child-1", "child-2");
        }

        @Override
        public java.util.Set<String> getConnectionGroupIdentifiers() {
            return java.util.Set.of();
        }

        @Override
        public Map<String, String> getAttributes() {
            return Map.of("max-connections", "10");
        }

        @Override
        public void setAttributes(Map<String, String> attributes) {
            throw new UnsupportedOperationException("not edited in these tests");
        }
    }
}
