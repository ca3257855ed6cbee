package io.guacdaffinity.guacamole;

import io.guacdaffinity.admin.AffinityStatusResource;
import io.guacdaffinity.admin.RouteExplanation;
import io.guacdaffinity.guacamole.AdminFixtures.DataSource;
import io.guacdaffinity.guacamole.AdminFixtures.StoredConnection;

import org.apache.guacamole.net.auth.AuthenticatedUser;
import org.apache.guacamole.net.auth.UserContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Guacamole's web UI re-authenticates with the existing token on every route change
 * (updateCurrentToken), so updateUserContext + redecorate run again for the same AuthenticatedUser.
 * The previous decorated context stays reachable while a tunnel opened through it is live
 * (the webapp's UserTunnel keeps its UserContext).
 */
class RedecorateTest {

    /** One member, which no test here connects to. */
    private final AffinityAuthenticationProvider provider =
            new AffinityAuthenticationProvider(Map.of("guacd-affinity-members", "guacd-0=127.0.0.1:4822")::get);
    private final AuthenticatedUser user = Logins.user("admin", "10.0.0.1", AdminFixtures.provider("postgresql"));

    @AfterEach
    void shutdown() {
        provider.shutdown();
    }

    private static DataSource jdbc() {
        return new DataSource("postgresql", "admin", true,
                new StoredConnection("3", AdminFixtures.affinity(null, null)));
    }

    /**
     * Were the replaced context still registered, the admin resource would see connection 3 of
     * postgresql twice and refuse to explain it without a data source ("exists in data sources
     * postgresql, postgresql").
     */
    @Test
    void aReplacedContextIsForgottenSoExplainSeesEachConnectionOnce() throws Exception {
        UserContext status = provider.getUserContext(user);
        UserContext first = provider.decorate(jdbc(), user, null);       // login
        UserContext second = provider.redecorate(first, jdbc(), user, null); // page navigation
        AffinityStatusResource resource = (AffinityStatusResource) provider.updateUserContext(status, user, null)
                .getResource();
        assertNotSame(first, second, "each decoration is a new context");
        RouteExplanation withoutDataSource = resource.explain("alice", "3", null, null);
        assertEquals("postgresql", withoutDataSource.dataSource);
        assertEquals("guacd-0", withoutDataSource.member);
        assertEquals("user:alice", withoutDataSource.key);
        RouteExplanation named = resource.explain("alice", "3", "postgresql", null);
        assertEquals(withoutDataSource.member, named.member);
    }

    @Test
    void theExtensionsOwnDataSourceIsNotDecorated() throws Exception {
        UserContext status = provider.getUserContext(user);
        assertSame(status, provider.decorate(status, user, null));
        assertSame(status, provider.redecorate(status, status, user, null));
    }
}
