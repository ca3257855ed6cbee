package io.guacdaffinity.guacamole;

import org.apache.guacamole.net.auth.AuthenticatedUser;
import org.apache.guacamole.net.auth.UserContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The session key belongs to the login, not to each of its data sources. */
class LoginSessionsTest {

    private static String sessionOf(UserContext decorated) {
        return ((AffinityUserContext) decorated).login().sessionId();
    }

    @Test
    void everyDataSourceOfOneLoginSharesItsSessionAndTwoLoginsDoNot() {
        AffinityAuthenticationProvider provider =
                new AffinityAuthenticationProvider(Map.of("guacd-affinity-members", "guacd-0=127.0.0.1:4822")::get);
        try {
            AuthenticatedUser login = Logins.user("dora", "10.1.0.9");
            String ldap = sessionOf(provider.decorate(Logins.userMapping("dora"), login,
                    Logins.credentials("dora", "10.1.0.9")));
            String jdbc = sessionOf(provider.decorate(Logins.userMapping("dora"), login,
                    Logins.credentials("dora", "10.1.0.9")));
            assertEquals(ldap, jdbc, "two data sources of one login must share its session key");

            AuthenticatedUser again = Logins.user("dora", "10.1.0.9");
            String secondLogin = sessionOf(provider.decorate(Logins.userMapping("dora"), again,
                    Logins.credentials("dora", "10.1.0.9")));
            assertNotEquals(ldap, secondLogin, "a second login of the same user is another session");
        }
        finally {
            provider.shutdown();
        }
    }
}
