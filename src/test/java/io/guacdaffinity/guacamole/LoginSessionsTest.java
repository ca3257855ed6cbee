package io.guacdaffinity.guacamole;

import org.apache.guacamole.net.auth.AuthenticatedUser;
import org.apache.guacamole.net.auth.UserContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The session key belongs to the login, not to each of its data sources. */
class LoginSessionsTest {

    private static Login loginOf(UserContext decorated) {
        return ((AffinityUserContext) decorated).login();
    }

    private static String sessionOf(UserContext decorated) {
        return loginOf(decorated).sessionId();
    }

    @Test
    void everyDataSourceOfOneLoginSharesItsSessionAndTwoLoginsDoNot() {
        AffinityAuthenticationProvider provider =
                new AffinityAuthenticationProvider(Map.of("guacd-affinity-members", "guacd-0=127.0.0.1:4822")::get);
        try {
            AuthenticatedUser login = Logins.user("dora", "10.1.0.9");
            Login userMapping = loginOf(provider.decorate(Logins.userMapping("dora"), login,
                    Logins.credentials("dora", "10.1.0.9")));
            Login jdbc = loginOf(provider.decorate(new AdminFixtures.DataSource("postgresql", "dora", false), login,
                    Logins.credentials("dora", "10.1.0.9")));
            assertNotEquals(userMapping.dataSource(), jdbc.dataSource(), "two data sources");
            assertEquals(userMapping.sessionId(), jdbc.sessionId(), "two data sources of one login must share its session key");
            String firstLogin = userMapping.sessionId();

            AuthenticatedUser again = Logins.user("dora", "10.1.0.9");
            String secondLogin = sessionOf(provider.decorate(Logins.userMapping("dora"), again,
                    Logins.credentials("dora", "10.1.0.9")));
            assertNotEquals(firstLogin, secondLogin, "a second login of the same user is another session");
        }
        finally {
            provider.shutdown();
        }
    }
}
