package io.guacdaffinity.guacamole;

import io.guacdaffinity.admin.AffinityStatusResource;
import io.guacdaffinity.admin.LiveKeyRow;
import io.guacdaffinity.admin.MemberStatus;
import io.guacdaffinity.admin.RouteExplanation;
import io.guacdaffinity.admin.SettingInEffect;
import io.guacdaffinity.admin.StatusReport;
import io.guacdaffinity.guacamole.AdminFixtures.DataSource;
import io.guacdaffinity.testing.GuacdDouble;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleSecurityException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.AuthenticatedUser;
import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.net.auth.UserContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin resource against the real provider and three guacd doubles: what explain answers is
 * where the next connect then lands, for every kind of connection attribute, before and after live tunnels,
 * and after a member went down. The provider's forms and save check are the ones the editor gets.
 */
class ExplainMatchesConnectTest {

    private RoutedGuacds guacds;
    /** The guacd a connection's own settings name (outside the ring): where an "off" connection goes. */
    private GuacdDouble providersOwn;
    private AffinityStatusResource admin;
    /** Guacamole's session holds each login's contexts; the extension only keeps weak references. */
    private final List<UserContext> sessions = new ArrayList<>();

    /** A JDBC connection whose own guacd settings name {@link #providersOwn}. */
    private JdbcLikeConnection jdbc(String id, Map<String, String> attributes) {
        return new JdbcLikeConnection(id, Logins.vnc("pc-" + id), providersOwn.host(), providersOwn.port(), attributes);
    }

    private Map<String, String> attrs(String key, String member) {
        Map<String, String> m = new HashMap<>();
        m.put("guacd-affinity-key", key);
        m.put("guacd-affinity-member", member);
        return m;
    }

    /** The classroom's connections as JDBC would hand them to {@code username}. */
    private DataSource classroom(String username, boolean administrator) {
        return new DataSource("postgresql", username, administrator,
                jdbc("12", attrs(null, null)),
                jdbc("13", attrs("connection", null)),
                jdbc("14", attrs(null, "guacd-stateful-2")),
                jdbc("15", attrs("off", null)),
                jdbc("16", attrs("", "guacd-stateful-9")),
                jdbc("17", attrs("sticky", null)),
                jdbc("18", attrs("client-ip", null)),
                jdbc("19", attrs("client-ip", "guacd-stateful-1")));
    }

    private UserContext login(String username, boolean administrator) {
        AuthenticatedUser user = Logins.user(username, "10.1.0.7");
        UserContext decorated = guacds.provider.decorate(classroom(username, administrator), user,
                Logins.credentials(username, "10.1.0.7"));
        sessions.add(decorated);
        if (administrator) {
            UserContext ours = guacds.provider.getUserContext(user);
            try {
                admin = assertInstanceOf(AffinityStatusResource.class, ours.getResource());
            }
            catch (GuacamoleException e) {
                throw new AssertionError(e);
            }
        }
        return decorated;
    }

    /** Through the real provider: a login decorated here is what explain's loggedInHere sees. */
    @Test
    void explainSaysWhetherTheUserHasALoginOnThisServer() throws GuacamoleException {
        RouteExplanation before = admin.explain("pupil9", "12", null, null);
        assertFalse(before.loggedInHere);
        assertEquals(Boolean.FALSE, before.userKnown, "the admin's data source lists no pupil9");
        assertEquals(1, before.hints.size(), before.hints.toString());
        assertTrue(before.hints.get(0).contains("\"pupil9\""), before.hints.get(0));

        login("pupil9", false);
        RouteExplanation after = admin.explain("pupil9", "12", null, null);
        assertTrue(after.loggedInHere);
        assertEquals(List.of(), after.hints, "a user with a login open here is no surprise");
        assertEquals(before.member, after.member, "a login alone pins nothing: the ring decides either way");
    }

    @BeforeEach
    void start() throws IOException {
        guacds = RoutedGuacds.start(3);
        providersOwn = GuacdDouble.start("providers-own-guacd");
        login("admin", true);
    }

    @AfterEach
    void stop() {
        guacds.close();
        providersOwn.close();
    }

    /** Explains, connects, and returns where the tunnel landed after checking that both agree. */
    private String explainThenConnect(String user, String connection) throws GuacamoleException {
        RouteExplanation said = admin.explain(user, connection, null, null);
        GuacamoleTunnel tunnel = guacds.connect(login(user, false), connection, user);
        String landed = providersOwn.issued(RoutedGuacds.idOf(tunnel)) ? null : guacds.servedBy(tunnel);
        assertEquals(said.member, landed, user + " on " + connection + ": " + said.reason + " " + said.detail);
        return said.reason;
    }

    @Test
    void everyKindOfConnectionLandsWhereExplainSaid() throws GuacamoleException {
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String user = "student" + i;
            for (String connection : new String[] { "12", "13", "14", "16", "17" })
                reasons.add(connection + ":" + explainThenConnect(user, connection));
        }
        assertTrue(reasons.contains("12:HOME") && reasons.contains("16:LIVE"),
                "a user's second connection joins her live tunnel: " + reasons);
        assertTrue(reasons.contains("13:LIVE") && reasons.contains("13:SPILL"),
                "a connection key shared by the class joins its live tunnels and spreads once its member is full: "
                        + reasons);
        assertTrue(reasons.stream().filter(r -> r.startsWith("14:")).allMatch(r -> r.equals("14:FIXED")));

        RouteExplanation fixed = admin.explain("student1", "14", null, null);
        assertEquals("guacd-stateful-2", fixed.member);
        assertTrue(fixed.failoverOrder.isEmpty(), "a fixed member has no failover");

        RouteExplanation stale = admin.explain("someone-new", "16", null, null);
        assertEquals("HOME", stale.reason);
        assertTrue(stale.detail.contains("guacd-stateful-9 is not in the ring"), stale.detail);
        assertEquals(guacds.ringOwner("user:someone-new"), stale.member);

        RouteExplanation ignored = admin.explain("student1", "17", null, null);
        assertTrue(ignored.attributeProblem.contains("\"sticky\""), ignored.attributeProblem);
        assertEquals("user:student1", ignored.key);
    }

    @Test
    void clientIpConnectionsNeedTheAddressAndLandWhereExplainSaid() throws GuacamoleException {
        assertEquals(400, assertThrows(org.apache.guacamole.GuacamoleClientException.class,
                () -> admin.explain("student1", "18", null, null)).getHttpStatusCode());
        // Every login in these tests comes from 10.1.0.7.
        RouteExplanation said = admin.explain("student1", "18", null, "10.1.0.7");
        assertEquals("client-ip:10.1.0.7", said.key);
        GuacamoleTunnel tunnel = guacds.connect(login("student1", false), "18", "student1");
        assertEquals(said.member, guacds.servedBy(tunnel));
        // A second user behind the same address: the address's guacd holds 1 of 1 live tunnels, its
        // capacity ceil(1.25 x 2 / 3) = 1, so the class spreads instead of piling onto one guacd.
        RouteExplanation second = admin.explain("student2", "18", null, "10.1.0.7");
        assertEquals("SPILL", second.reason);
        assertNotEquals(said.member, second.member, "one address must not mean one guacd with bounded load on");
        assertEquals(second.member, guacds.servedBy(guacds.connect(login("student2", false), "18", "student2")));

        // a fixed member decides alone: no address needed
        RouteExplanation fixed = admin.explain("student1", "19", null, null);
        assertEquals("FIXED", fixed.reason);
        assertEquals("guacd-stateful-1", fixed.member);
        assertEquals(fixed.member, guacds.servedBy(guacds.connect(login("student1", false), "19", "student1")));
    }

    @Test
    void anUnroutedConnectionGoesToItsProvidersGuacd() throws GuacamoleException {
        RouteExplanation said = admin.explain("student1", "15", null, null);
        assertEquals("OFF", said.reason);
        assertNull(said.member);
        assertEquals("OFF", explainThenConnect("student1", "15"));
        assertTrue(providersOwn.awaitLive(1, java.time.Duration.ofSeconds(30)), "the provider's own guacd hosts it");
    }

    @Test
    void afterAMemberFailsExplainAndConnectBothFailOver() throws GuacamoleException {
        String victim = "guacd-stateful-0";
        List<String> owned = new ArrayList<>();
        for (int i = 0; owned.size() < 2; i++) {
            if (guacds.ringOwner("user:pupil" + i).equals(victim))
                owned.add("pupil" + i);
        }
        guacds.byName(victim).stop();
        // Nothing knows yet: explain names the dead member; the connect fails over and marks it down.
        assertEquals(victim, admin.explain(owned.get(0), "12", null, null).member);
        GuacamoleTunnel t = guacds.connect(login(owned.get(0), false), "12", owned.get(0));
        assertFalse(guacds.servedBy(t).equals(victim));

        RouteExplanation said = admin.explain(owned.get(1), "12", null, null);
        assertEquals("FAILOVER", said.reason);
        assertTrue(said.detail.contains(victim), said.detail);
        assertEquals(List.of(victim), said.failoverDown, "connect still tries the member marked down, last");
        assertEquals(victim, said.failoverOrder.get(said.failoverOrder.size() - 1));
        assertEquals("FAILOVER", explainThenConnect(owned.get(1), "12"));

        StatusReport status = admin.getStatus();
        MemberStatus down = status.members.stream().filter(m -> m.name.equals(victim)).findFirst().orElseThrow();
        assertEquals("down", down.health);
        assertEquals(2, status.members.stream().mapToInt(m -> m.liveTunnels).sum());
    }

    @Test
    void statusShowsWhoIsWhereAndNonAdministratorsGet403() throws GuacamoleException {
        explainThenConnect("student1", "12");
        explainThenConnect("student2", "12");
        StatusReport status = admin.getStatus();
        assertEquals(3, status.members.size());
        assertEquals(2, status.placements.size());
        LiveKeyRow first = status.placements.get(0);
        assertTrue(first.key.equals("user:student1") || first.key.equals("user:student2"),
                "the key is shown as explain and route show it: " + first.key);
        assertEquals(first.member, first.home);
        assertEquals(guacds.ringOwner(first.key), first.member);
        assertEquals("STATIC", status.membership.source);
        SettingInEffect factor = status.settings.stream().filter(x -> x.name.equals("guacd-affinity-load-factor"))
                .findFirst().orElseThrow();
        assertEquals("1.25", factor.value);
        assertTrue(status.notes.stream().anyMatch(n -> n.contains("JDBC balancing groups")), status.notes.toString());

        AuthenticatedUser bob = Logins.user("bob", "10.1.0.9");
        sessions.add(guacds.provider.decorate(classroom("bob", false), bob, Logins.credentials("bob", "10.1.0.9")));
        AffinityStatusResource asBob = assertInstanceOf(AffinityStatusResource.class,
                guacds.provider.getUserContext(bob).getResource());
        assertEquals(403, assertThrows(GuacamoleSecurityException.class, asBob::getStatus).getHttpStatusCode());
    }

    @Test
    void theEditorGetsOurSectionAndSavesAreChecked() throws GuacamoleException {
        DataSource jdbc = classroom("admin", true);
        UserContext context = guacds.provider.decorate(jdbc, Logins.user("admin", "10.1.0.7"),
                Logins.credentials("admin", "10.1.0.7"));
        sessions.add(context);
        assertTrue(context.getConnectionAttributes().stream().anyMatch(f -> f.getName().equals("guacd-affinity")));
        Connection c = context.getConnectionDirectory().get("12");
        assertTrue(c.getAttributes().containsKey("guacd-affinity-member"));
        Map<String, String> edited = c.getAttributes();
        edited.put("guacd-affinity-member", "guacd-stateful-7");
        c.setAttributes(edited);
        assertThrows(org.apache.guacamole.GuacamoleClientException.class, () -> context.getConnectionDirectory().update(c));
        assertEquals(0, jdbc.connections.updates, "a refused save must not reach the provider's directory");
        edited.put("guacd-affinity-member", "guacd-stateful-1");
        c.setAttributes(edited);
        context.getConnectionDirectory().update(c);
        assertEquals(1, jdbc.connections.updates, "an accepted save reaches the provider's directory");
        assertEquals("guacd-stateful-1", jdbc.connections.stored.get("12").getAttributes().get("guacd-affinity-member"));
    }
}
