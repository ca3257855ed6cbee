package io.guacdaffinity.guacamole;

import io.guacdaffinity.conf.Excerpt;

import org.apache.guacamole.net.auth.AuthenticatedUser;
import org.apache.guacamole.net.auth.Credentials;
import org.apache.guacamole.net.auth.UserContext;

import java.util.Objects;

/**
 * What routing may know about one decorated login: the user name, an id minted here for the login
 * (never the authentication token), the client address and the data source. No password, no token.
 */
final class Login {

    private final String username;
    private final String sessionId;
    private final String clientAddress;
    private final String dataSource;

    Login(String username, String sessionId, String clientAddress, String dataSource) {
        this.username = username == null ? "" : username;
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.clientAddress = clientAddress == null ? "" : clientAddress;
        this.dataSource = dataSource == null ? "" : dataSource;
    }

    static Login of(UserContext context, AuthenticatedUser user, Credentials credentials, String sessionId) {
        String username = user != null ? user.getIdentifier() : null;
        if (username == null && context != null && context.self() != null)
            username = context.self().getIdentifier();
        String address = credentials != null ? credentials.getRemoteAddress() : null;
        String dataSource = context != null && context.getAuthenticationProvider() != null
                ? context.getAuthenticationProvider().getIdentifier() : null;
        return new Login(username, sessionId, address, dataSource);
    }

    String username() {
        return username;
    }

    /** The user name as log lines show it: control characters escaped, so that no name can forge a line. */
    String logName() {
        return Excerpt.printable(username);
    }

    String sessionId() {
        return sessionId;
    }

    String clientAddress() {
        return clientAddress;
    }

    String dataSource() {
        return dataSource;
    }
}
