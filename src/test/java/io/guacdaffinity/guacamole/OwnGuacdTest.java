package io.guacdaffinity.guacamole;

import io.guacdaffinity.testing.CapturedLog;
import io.guacdaffinity.testing.GuacdDouble;

import org.apache.guacamole.environment.LocalEnvironment;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.net.auth.GuacamoleProxyConfiguration;
import org.apache.guacamole.net.auth.TokenInjectingConnection;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.net.auth.simple.SimpleConnection;
import org.apache.guacamole.protocol.GuacamoleConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * guacamole-ext 1.6 lets a provider give a SimpleConnection a guacd of its own. The extension leaves
 * such a connection to that guacd, says so once (log and status page), and routes everything else
 * as before. The test runs on 1.6 and is skipped on 1.5 (-Pguacamole-1.5), which has no such guacd.
 */
class OwnGuacdTest extends GuacdsPerTest {

    /** guacamole-ext 1.6's {@code SimpleConnection(name, identifier, proxyConfig, config, interpretTokens)}, or null on 1.5. */
    private static final Constructor<SimpleConnection> WITH_OWN_GUACD = ownGuacdConstructor();

    private GuacdDouble own;

    @AfterEach
    void stopOwnGuacd() {
        if (own != null)
            own.close();
    }

    private static Constructor<SimpleConnection> ownGuacdConstructor() {
        try {
            return SimpleConnection.class.getConstructor(String.class, String.class, GuacamoleProxyConfiguration.class,
                    GuacamoleConfiguration.class, boolean.class);
        }
        catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static SimpleConnection connection(String id, GuacamoleProxyConfiguration guacd) throws Exception {
        assumeTrue(WITH_OWN_GUACD != null, "guacamole-ext 1.5 has no per-connection guacd");
        return WITH_OWN_GUACD.newInstance(id, id, guacd, Logins.vnc("pc.example"), true);
    }

    private static GuacamoleProxyConfiguration at(GuacdDouble guacd) {
        return new GuacamoleProxyConfiguration(guacd.host(), guacd.port(),
                GuacamoleProxyConfiguration.EncryptionMethod.NONE);
    }

    private String servedBy(GuacamoleTunnel tunnel) {
        List<GuacdDouble> all = new ArrayList<>(guacds.doubles);
        all.add(own);
        return RoutedGuacds.servedBy(all, tunnel);
    }

    @Test
    void aConnectionWithItsOwnGuacdGoesThereAndIsNotedOnce() throws Exception {
        guacds = RoutedGuacds.start(2);
        own = GuacdDouble.start("guacd-own");
        Connection pinned = connection("pinned", at(own));
        Connection wrapped = new TokenInjectingConnection(connection("wrapped", at(own)), Map.of("X", "y"));
        String log;
        try (CapturedLog lines = CapturedLog.start()) {
            for (String user : List.of("alice", "bob", "carol")) {
                UserContext context = guacds.login(Logins.withConnections(user, pinned, wrapped), user);
                assertEquals("guacd-own", servedBy(guacds.connect(context, "pinned", user)), user);
                assertEquals("guacd-own", servedBy(guacds.connect(context, "wrapped", user)), user);
            }
            log = lines.text();
        }
        assertEquals(0, guacds.servedTotal(), "no ring member served a connection whose provider set its guacd");
        assertTrue(guacds.service.router().loads().snapshot().isEmpty(), "nothing counted on the ring");

        String note = "leaves connections of data source user-mapping-test whose provider set their own guacd to"
                + " that guacd, unrouted (first seen: connection \"pinned\" (pinned) to guacd " + own.host() + ":"
                + own.port() + ")";
        assertEquals(1, log.split(java.util.regex.Pattern.quote(note), -1).length - 1,
                "one INFO line for six connects:\n" + log);
        assertTrue(log.contains("INFO io.guacdaffinity.guacamole.RoutingNotes - guacd-affinity " + note), log);
        assertTrue(guacds.service.notes().list().stream().anyMatch(n -> n.contains(note)),
                "the status page notes it: " + guacds.service.notes().list());
    }

    @Test
    void theDefaultGuacdASimpleConnectionRemembersIsNoGuacdOfItsOwn() throws Exception {
        guacds = RoutedGuacds.start(2);
        // What SimpleConnection keeps after connecting once through its provider (key off, for example).
        GuacamoleProxyConfiguration standard = LocalEnvironment.getInstance().getDefaultGuacamoleProxyConfiguration();
        Connection once = connection("once", standard);
        UserContext context = guacds.login(Logins.withConnections("dave", once), "dave");
        String member = guacds.servedBy(guacds.connect(context, "once", "dave"));
        assertEquals(guacds.ringOwner("user:dave"), member);
        assertTrue(guacds.service.notes().list().stream().noneMatch(n -> n.contains("own guacd")), guacds.service.notes().list()
                .toString());
    }

    @Test
    void aConnectionWithoutItsOwnGuacdIsRoutedAsBefore() throws Exception {
        guacds = RoutedGuacds.start(2);
        own = GuacdDouble.start("guacd-own");
        UserContext context = guacds.login(Logins.withConnections("erin", connection("plain", null),
                connection("pinned", at(own))), "erin");
        assertNotEquals("guacd-own", servedBy(guacds.connect(context, "plain", "erin")));
        assertEquals("guacd-own", servedBy(guacds.connect(context, "pinned", "erin")));
    }
}
