package io.guacdaffinity.it;

import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.AbstractAuthenticatedUser;
import org.apache.guacamole.net.auth.AbstractAuthenticationProvider;
import org.apache.guacamole.net.auth.AuthenticatedUser;
import org.apache.guacamole.net.auth.AuthenticationProvider;
import org.apache.guacamole.net.auth.Credentials;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.net.auth.simple.SimpleUserContext;
import org.apache.guacamole.protocol.ConfiguredGuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleClientInformation;
import org.apache.guacamole.protocol.GuacamoleConfiguration;

import java.util.Map;

/**
 * Runs inside the isolated class loaders of the class-loading test, linked against the same
 * guacamole-ext the extension sees: decorates a user-mapping style context with the provider and
 * opens its connection. Uses nothing but guacamole-ext and the JDK.
 */
public final class DecorateScenario {

    private DecorateScenario() {
    }

    /** @return the decorated context's class name, a space, and the {@code $id} of the tunnel opened */
    public static String run(Object providerObject) throws Exception {
        AuthenticationProvider affinity = (AuthenticationProvider) providerObject;
        AuthenticationProvider userMapping = new AbstractAuthenticationProvider() {
            @Override
            public String getIdentifier() {
                return "user-mapping-it";
            }
        };
        GuacamoleConfiguration config = new GuacamoleConfiguration();
        config.setProtocol("vnc");
        config.setParameter("hostname", "desktop.example");
        config.setParameter("port", "5901");
        UserContext inner = new SimpleUserContext(userMapping, "isolated-user", Map.of("desktop", config), true);
        AuthenticatedUser user = new AbstractAuthenticatedUser() {
            {
                setIdentifier("isolated-user");
            }

            @Override
            public AuthenticationProvider getAuthenticationProvider() {
                return userMapping;
            }

            @Override
            public Credentials getCredentials() {
                return null;
            }
        };
        UserContext decorated = affinity.decorate(inner, user, null);
        GuacamoleTunnel tunnel = decorated.getConnectionDirectory().get("desktop")
                .connect(new GuacamoleClientInformation(), Map.of("GUAC_USERNAME", "isolated-user"));
        try {
            return decorated.getClass().getName() + " "
                    + ((ConfiguredGuacamoleSocket) tunnel.getSocket()).getConnectionID();
        }
        finally {
            tunnel.close();
            affinity.shutdown();
        }
    }
}
