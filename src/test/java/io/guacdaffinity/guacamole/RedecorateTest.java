package io.guacdaffinity.guacamole;

import io.guacdaffinity.guacamole.AdminFixtures.DataSource;
import io.guacdaffinity.guacamole.AdminFixtures.SignedInUser;

import io.guacdaffinity.admin.AffinityStatusResource;
import io.guacdaffinity.guacamole.AdminFixtures.StoredConnection;

import org.apache.guacamole.net.auth.UserContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Guacamole's web UI re-authenticates with the existing token on every route change
 * (updateCurrentToken), so updateUserContext + redecorate run again for the same AuthenticatedUser.
 * The previous decorated context stays reachable while a tunnel opened through it is live
 * (the webapp's UserTunnel keeps its UserContext).
 */
class RedecorateTest {

    private static DataSource jdbc() {
        return new DataSource("postgresql", "admin", true,
                new StoredConnection("3", AdminFixtures.affinity(null, null)));
    }

    @Test
    void explainStillWorksAfterTheUiReauthenticates() throws Exception {
        AffinityAuthenticationProvider provider =
                new AffinityAuthenticationProvider(Map.of("guacd-affinity-members", "guacd-0=127.0.0.1:4822")::get);
        try {
            SignedInUser user = new SignedInUser("admin", AdminFixtures.provider("postgresql"));
            UserContext status = provider.getUserContext(user);
            UserContext first = provider.decorate(jdbc(), user, null);       // login
            UserContext second = provider.redecorate(first, jdbc(), user, null); // page navigation
            AffinityStatusResource resource = (AffinityStatusResource) provider.updateUserContext(status, user, null)
                    .getResource();
            assertEquals(2, new java.util.HashSet<>(java.util.List.of(first, second)).size());
            assertDoesNotThrow(() -> resource.explain("alice", "3", null, null));
            assertDoesNotThrow(() -> resource.explain("alice", "3", "postgresql", null));
        }
        finally {
            provider.shutdown();
        }
    }

    @Test
    void theExtensionsOwnDataSourceIsNotDecorated() throws Exception {
        AffinityAuthenticationProvider provider =
                new AffinityAuthenticationProvider(Map.of("guacd-affinity-members", "guacd-0=127.0.0.1:4822")::get);
        try {
            SignedInUser user = new SignedInUser("admin", AdminFixtures.provider("postgresql"));
            UserContext status = provider.getUserContext(user);
            org.junit.jupiter.api.Assertions.assertSame(status, provider.decorate(status, user, null));
            org.junit.jupiter.api.Assertions.assertSame(status, provider.redecorate(status, status, user, null));
        }
        finally {
            provider.shutdown();
        }
    }
}
