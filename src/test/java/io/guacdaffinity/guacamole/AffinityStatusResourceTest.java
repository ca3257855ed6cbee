package io.guacdaffinity.guacamole;

import io.guacdaffinity.conf.ConnectionAffinity;
import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.guacamole.AdminFixtures.DataSource;

import io.guacdaffinity.admin.AffinityStatusResource;
import io.guacdaffinity.admin.AdminReports;
import io.guacdaffinity.admin.AffinityStatusUserContext;
import io.guacdaffinity.admin.ExplainQuery;
import io.guacdaffinity.admin.RouteExplanation;
import io.guacdaffinity.admin.StatusReport;
import io.guacdaffinity.guacamole.AdminFixtures.StoredConnection;

import org.apache.guacamole.GuacamoleClientException;
import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleResourceNotFoundException;
import org.apache.guacamole.GuacamoleSecurityException;
import org.apache.guacamole.net.auth.AuthenticatedUser;
import org.apache.guacamole.net.auth.AuthenticationProvider;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;

import static io.guacdaffinity.guacamole.AdminFixtures.affinity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin resource as Guacamole reaches it: through our data source's UserContext.getResource(). */
class AffinityStatusResourceTest {

    /** Answers with fixed objects and records what it was asked. */
    private static final class RecordingSource implements AdminReports {
        final StatusReport report = new StatusReport();
        final List<ExplainQuery> asked = new ArrayList<>();
        int reports;

        @Override
        public StatusReport report() {
            reports++;
            return report;
        }

        @Override
        public RouteExplanation explain(ExplainQuery query) {
            asked.add(query);
            RouteExplanation e = new RouteExplanation();
            e.user = query.username();
            e.connection = query.connection();
            e.dataSource = query.dataSource();
            e.member = "guacd-1";
            e.reason = query.affinity().fixedMember().isPresent() ? "FIXED" : "HOME";
            e.keyMode = "user";
            e.key = "user:" + query.username();
            return e;
        }
    }

    private final AuthenticationProvider ours = AdminFixtures.provider("guacd-affinity");
    private final DecoratedContexts decorated = new DecoratedContexts();
    private final RecordingSource source = new RecordingSource();
    /** DecoratedContexts holds contexts weakly; Guacamole's session holds them, here this list does. */
    private final List<DataSource> sessions = new ArrayList<>();

    /** One login: Guacamole calls getUserContext on us and decorate() for the other data sources. */
    private AffinityStatusResource login(String username, DataSource... dataSources) {
        AuthenticatedUser login = Logins.user(username, "10.0.0.1", dataSources.length > 0 ? dataSources[0].getAuthenticationProvider() : ours);
        AffinityStatusUserContext mine = new AffinityStatusUserContext(ours, login, decorated, source);
        for (DataSource ds : dataSources) {
            decorated.register(login, ds);
            sessions.add(ds);
        }
        return assertInstanceOf(AffinityStatusResource.class, mine.getResource());
    }

    private static DataSource postgres(String user, boolean admin) {
        return new DataSource("postgresql", user, admin,
                new StoredConnection("3", affinity("connection", "guacd-1")),
                new StoredConnection("4", affinity("sticky", null)),
                new StoredConnection("shared", affinity(null, null)));
    }

    private static DataSource userMapping(String user) {
        return new DataSource("default", user, false, new StoredConnection("shared", affinity(null, null)));
    }

    @Test
    void nonAdministratorGets403AndTheRouterIsNotAsked() {
        AffinityStatusResource resource = login("bob", postgres("bob", false), userMapping("bob"));
        GuacamoleSecurityException e = assertThrows(GuacamoleSecurityException.class, resource::getStatus);
        assertEquals(403, e.getHttpStatusCode());
        assertEquals(403, assertThrows(GuacamoleSecurityException.class,
                () -> resource.explain("alice", "3", null, null)).getHttpStatusCode());
        assertEquals(0, source.reports);
        assertTrue(source.asked.isEmpty());
    }

    @Test
    void theMenusAccessCallAnswersEveryoneWithoutBuildingTheReport() {
        assertTrue(login("admin", userMapping("admin"), postgres("admin", true)).getAccess().administrator);
        assertFalse(login("bob", postgres("bob", false), userMapping("bob")).getAccess().administrator);
        assertFalse(login("carol").getAccess().administrator);
        assertEquals(0, source.reports, "the menu's question must not cost a status report");
        assertTrue(source.asked.isEmpty());
    }

    @Test
    void loginWithNoOtherDataSourceGets403() {
        assertThrows(GuacamoleSecurityException.class, login("carol")::getStatus);
    }

    @Test
    void anotherLoginsAdministratorRightsDoNotCount() {
        login("admin", postgres("admin", true));
        AffinityStatusResource bob = login("bob", postgres("bob", false));
        assertThrows(GuacamoleSecurityException.class, bob::getStatus);
    }

    @Test
    void administratorInAnyDataSourceGetsTheFullReport() throws GuacamoleException {
        AffinityStatusResource resource = login("admin", userMapping("admin"), postgres("admin", true));
        assertSame(source.report, resource.getStatus());
        assertEquals(1, source.reports);
    }

    @Test
    void explainTellsAboutAUserNoDataSourceHasAndOneWithoutALoginHere() throws GuacamoleException {
        AffinityStatusResource resource = login("admin", userMapping("admin"),
                postgres("admin", true).withUsers("alice", "bob"));
        login("bob", postgres("bob", false));

        RouteExplanation nobody = resource.explain("nosuchuser", "shared", "postgresql", null);
        assertEquals(Boolean.FALSE, nobody.userKnown);
        assertFalse(nobody.loggedInHere);
        assertEquals(List.of("No data source visible to you (default, postgresql) has a user \"nosuchuser\", and no"
                + " login of that name is open on this Guacamole server: check the spelling. The answer is where a"
                + " user of that name would go."), nobody.hints);

        RouteExplanation alice = resource.explain("alice", "shared", "postgresql", null);
        assertEquals(Boolean.TRUE, alice.userKnown);
        assertFalse(alice.loggedInHere, "alice exists but has not logged in here");
        assertEquals(1, alice.hints.size(), alice.hints.toString());
        assertTrue(alice.hints.get(0).startsWith("\"alice\" has no login open on this Guacamole server"),
                alice.hints.get(0));

        RouteExplanation bob = resource.explain("bob", "shared", "postgresql", null);
        assertEquals(Boolean.TRUE, bob.userKnown);
        assertTrue(bob.loggedInHere, "bob's login is open");
        assertEquals(List.of(), bob.hints);

        RouteExplanation fixed = resource.explain("alice", "3", null, null);
        assertEquals("FIXED", fixed.reason);
        assertEquals(List.of(), fixed.hints, "a fixed member does not depend on the user's login");
    }

    /** docs/admin.md quotes both hints in a table; these are the sentences the resource gives. */
    @Test
    void theHintsTheAdminGuideQuotesAreTheOnesExplainGives() throws Exception {
        AffinityStatusResource resource = login("admin", postgres("admin", true).withUsers("alice"));
        String guide = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("docs", "admin.md")),
                java.nio.charset.StandardCharsets.UTF_8);
        for (String user : new String[] { "nosuchuser", "alice" }) {
            List<String> hints = resource.explain(user, "shared", null, null).hints;
            assertEquals(1, hints.size(), hints.toString());
            assertTrue(guide.contains(" | " + hints.get(0) + " |"), "docs/admin.md quotes: " + hints.get(0));
        }
    }

    @Test
    void explainReadsTheConnectionsOwnAttributes() throws GuacamoleException {
        AffinityStatusResource resource = login("admin", userMapping("admin"), postgres("admin", true));
        RouteExplanation answer = resource.explain(" alice ", "3", null, "192.0.2.7");
        assertNull(answer.attributeProblem);
        ExplainQuery q = source.asked.get(0);
        assertEquals("alice", q.username());
        assertEquals("3", q.connection());
        assertEquals("postgresql", q.dataSource());
        assertEquals("192.0.2.7", q.clientAddress());
        assertEquals(KeyMode.CONNECTION, q.affinity().keyMode(KeyMode.USER));
        assertEquals(Optional.of("guacd-1"), q.affinity().fixedMember());
    }

    @Test
    void explainSaysWhenStoredAttributesAreIgnored() throws GuacamoleException {
        AffinityStatusResource resource = login("admin", postgres("admin", true));
        RouteExplanation answer = resource.explain("alice", "4", "postgresql", null);
        assertSame(ConnectionAffinity.INHERIT, source.asked.get(0).affinity());
        assertNotNull(answer.attributeProblem);
        assertTrue(answer.attributeProblem.contains("\"sticky\""), answer.attributeProblem);
    }

    @Test
    void explainNeedsAnUnambiguousVisibleConnection() throws GuacamoleException {
        AffinityStatusResource resource = login("admin", userMapping("admin"), postgres("admin", true));
        GuacamoleClientException twice = assertThrows(GuacamoleClientException.class,
                () -> resource.explain("alice", "shared", null, null));
        assertEquals(400, twice.getHttpStatusCode());
        assertTrue(twice.getMessage().contains("default") && twice.getMessage().contains("postgresql"), twice.getMessage());
        assertEquals("default", resource.explain("alice", "shared", "default", null).dataSource);

        assertEquals(404, assertThrows(GuacamoleResourceNotFoundException.class,
                () -> resource.explain("alice", "99", null, null)).getHttpStatusCode());
        assertEquals(400, assertThrows(GuacamoleClientException.class,
                () -> resource.explain("", "3", null, null)).getHttpStatusCode());
        assertEquals(400, assertThrows(GuacamoleClientException.class,
                () -> resource.explain("alice", null, null, null)).getHttpStatusCode());
    }

    @Test
    void aLongIdentifierIsQuotedByAnExcerpt() {
        AffinityStatusResource resource = login("admin", postgres("admin", true));
        String longId = io.guacdaffinity.conf.LongValueMessagesTest.LONG;
        GuacamoleResourceNotFoundException e = assertThrows(GuacamoleResourceNotFoundException.class,
                () -> resource.explain("alice", longId, longId, null));
        io.guacdaffinity.conf.LongValueMessagesTest.assertQuotesAnExcerpt(e.getMessage());
    }

    @Test
    void ourDataSourceIsEmptyAndNamedAfterTheExtension() throws GuacamoleException {
        AuthenticatedUser login = Logins.user("alice", "10.0.0.1", ours);
        AffinityStatusUserContext mine = new AffinityStatusUserContext(ours, login, decorated, source);
        assertEquals("guacd-affinity", mine.getAuthenticationProvider().getIdentifier());
        assertEquals("alice", mine.self().getIdentifier());
        assertTrue(mine.getConnectionDirectory().getIdentifiers().isEmpty());
        assertTrue(mine.self().getEffectivePermissions().getSystemPermissions().getPermissions().isEmpty());
    }

    @Test
    void jaxRsPathsAreTheOnesThePageCalls() throws NoSuchMethodException {
        assertEquals("application/json", AffinityStatusResource.class.getAnnotation(Produces.class).value()[0]);
        java.lang.reflect.Method status = AffinityStatusResource.class.getMethod("getStatus");
        assertNotNull(status.getAnnotation(GET.class));
        assertEquals("status", status.getAnnotation(Path.class).value());
        java.lang.reflect.Method explain = AffinityStatusResource.class.getMethod("explain",
                String.class, String.class, String.class, String.class);
        assertNotNull(explain.getAnnotation(GET.class));
        assertEquals("explain", explain.getAnnotation(Path.class).value());
        java.lang.reflect.Method access = AffinityStatusResource.class.getMethod("getAccess");
        assertNotNull(access.getAnnotation(GET.class));
        assertEquals("access", access.getAnnotation(Path.class).value());
        List<String> params = new ArrayList<>();
        for (java.lang.annotation.Annotation[] a : explain.getParameterAnnotations())
            params.add(((QueryParam) a[0]).value());
        assertEquals(List.of("user", "connection", "dataSource", "clientAddress"), params);
    }
}
