package io.guacdaffinity.guacamole;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.AbstractActiveConnection;
import org.apache.guacamole.net.auth.ActiveConnection;
import org.apache.guacamole.net.auth.Directory;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.net.auth.simple.SimpleDirectory;
import org.apache.guacamole.net.auth.simple.SimpleUserContext;
import org.apache.guacamole.protocol.GuacamoleClientInformation;

import java.util.Map;

/**
 * Live sessions as a provider lists them in a login's active-connection directory, and monitors
 * joining them from there, as an administrator does from Guacamole's list of active sessions.
 */
final class ActiveSessions {

    private ActiveSessions() {
    }

    /** An active connection as a provider lists it: its tunnel is the one our connection handed out. */
    static class ListedActiveConnection extends AbstractActiveConnection {

        ListedActiveConnection(String identifier, GuacamoleTunnel tunnel) {
            setIdentifier(identifier);
            setTunnel(tunnel);
        }

        @Override
        public org.apache.guacamole.net.auth.credentials.UserCredentials getSharingCredentials(String identifier) {
            return null;
        }

        @Override
        public boolean isConnectable() {
            return true;
        }

        @Override
        public GuacamoleTunnel connect(GuacamoleClientInformation info, Map<String, String> tokens)
                throws GuacamoleException {
            throw new AssertionError("the provider's join would reach its default guacd, not the hosting one");
        }
    }

    /** {@code user}'s login as its provider makes it, listing {@code tunnel}'s session as {@code identifier}. */
    static UserContext listing(String user, String identifier, GuacamoleTunnel tunnel) {
        return listing(user, new ListedActiveConnection(identifier, tunnel));
    }

    /** {@code user}'s login as its provider makes it, its active-connection directory holding {@code active}. */
    static UserContext listing(String user, ActiveConnection active) {
        Directory<ActiveConnection> listed = new SimpleDirectory<>(active);
        return new SimpleUserContext(Logins.USER_MAPPING, user, Map.of(), true) {
            @Override
            public Directory<ActiveConnection> getActiveConnectionDirectory() {
                return listed;
            }
        };
    }

    /** A monitor joining the session that {@code login} lists as {@code identifier}. */
    static GuacamoleTunnel join(UserContext login, String identifier) throws GuacamoleException {
        return login.getActiveConnectionDirectory().get(identifier).connect(new GuacamoleClientInformation(), Map.of());
    }
}
