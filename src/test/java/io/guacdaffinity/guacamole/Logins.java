package io.guacdaffinity.guacamole;

import org.apache.guacamole.net.auth.AbstractAuthenticatedUser;
import org.apache.guacamole.net.auth.AbstractAuthenticationProvider;
import org.apache.guacamole.net.auth.AuthenticatedUser;
import org.apache.guacamole.net.auth.AuthenticationProvider;
import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.net.auth.Credentials;
import org.apache.guacamole.net.auth.Directory;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.net.auth.simple.SimpleDirectory;
import org.apache.guacamole.net.auth.simple.SimpleUserContext;
import org.apache.guacamole.protocol.GuacamoleConfiguration;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Logins as Guacamole's stock providers produce them, built from guacamole-ext's own simple classes. */
public final class Logins {

    /** Stands in for user-mapping.xml's provider: SimpleUserContext with tokens interpreted, as it does. */
    public static final AuthenticationProvider USER_MAPPING = new AbstractAuthenticationProvider() {
        @Override
        public String getIdentifier() {
            return "user-mapping-test";
        }
    };

    private Logins() {
    }

    public static GuacamoleConfiguration vnc(String host) {
        GuacamoleConfiguration config = new GuacamoleConfiguration();
        config.setProtocol("vnc");
        config.setParameter("hostname", host);
        config.setParameter("port", "5901");
        config.setParameter("username", "${GUAC_USERNAME}");
        config.setParameter("password", "secret");
        return config;
    }

    /** A context of {@code username} whose connection directory holds exactly {@code connections}, as another provider's. */
    public static UserContext withConnections(String username, Connection... connections) {
        return new SimpleUserContext(USER_MAPPING, username, Map.of(), true) {
            @Override
            public Directory<Connection> getConnectionDirectory() {
                return new SimpleDirectory<>(connections);
            }
        };
    }

    /** A user-mapping.xml style context for {@code username} with one VNC connection "desktop". */
    public static UserContext userMapping(String username) {
        Map<String, GuacamoleConfiguration> configs = new LinkedHashMap<>();
        configs.put("desktop", vnc("desktop-" + username + ".example"));
        return new SimpleUserContext(USER_MAPPING, username, configs, true);
    }

    public static AuthenticatedUser user(String username, String address) {
        return user(username, address, USER_MAPPING);
    }

    /** A user signed in through {@code provider}, such as JDBC's "postgresql", from {@code address}. */
    public static AuthenticatedUser user(String username, String address, AuthenticationProvider provider) {
        Credentials credentials = credentials(username, address);
        return new AbstractAuthenticatedUser() {
            {
                setIdentifier(username);
            }

            @Override
            public AuthenticationProvider getAuthenticationProvider() {
                return provider;
            }

            @Override
            public Credentials getCredentials() {
                return credentials;
            }
        };
    }

    public static Credentials credentials(String username, String address) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getRemoteAddr()).thenReturn(address);
        when(request.getRemoteHost()).thenReturn(address);
        return new Credentials(username, "password-of-" + username, request);
    }

    /** Standard tokens as the web application passes them to connect(). */
    public static Map<String, String> tokens(String username) {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("GUAC_USERNAME", username);
        tokens.put("GUAC_PASSWORD", "password-of-" + username);
        return tokens;
    }
}
