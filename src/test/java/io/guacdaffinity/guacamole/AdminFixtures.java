package io.guacdaffinity.guacamole;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleSecurityException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.AbstractAuthenticationProvider;
import org.apache.guacamole.net.auth.AbstractUser;
import org.apache.guacamole.net.auth.AbstractUserContext;
import org.apache.guacamole.net.auth.AuthenticationProvider;
import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.net.auth.Directory;
import org.apache.guacamole.net.auth.User;
import org.apache.guacamole.net.auth.permission.SystemPermission;
import org.apache.guacamole.net.auth.permission.SystemPermissionSet;
import org.apache.guacamole.net.auth.simple.SimpleDirectory;
import org.apache.guacamole.net.auth.simple.SimpleSystemPermissionSet;
import org.apache.guacamole.protocol.GuacamoleClientInformation;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Small stand-ins built on guacamole-ext's own abstract classes: a data source whose connections the admin pages read. */
final class AdminFixtures {

    private AdminFixtures() {
    }

    /** A provider that only has a name, as JDBC's "postgresql". */
    static AuthenticationProvider provider(String identifier) {
        return new AbstractAuthenticationProvider() {
            @Override
            public String getIdentifier() {
                return identifier;
            }
        };
    }

    /**
     * A saved connection as the admin resource and the editor's save check read it: attributes kept as
     * set, nothing else. It never connects (routing has JdbcLikeConnection for that).
     */
    static final class StoredConnection extends NoHistoryConnection {
        private Map<String, String> attributes = new HashMap<>();

        StoredConnection(String identifier, Map<String, String> attributes) {
            setIdentifier(identifier);
            setName("connection " + identifier);
            this.attributes = new HashMap<>(attributes);
        }

        @Override
        public Map<String, String> getAttributes() {
            return new HashMap<>(attributes);
        }

        @Override
        public void setAttributes(Map<String, String> attributes) {
            this.attributes = new HashMap<>(attributes);
        }


        @Override
        public GuacamoleTunnel connect(GuacamoleClientInformation info, Map<String, String> tokens)
                throws GuacamoleException {
            throw new GuacamoleSecurityException("not in these tests");
        }
    }

    /** A directory whose add and update store a copy, so a refused save visibly changes nothing. */
    static final class StoringDirectory extends SimpleDirectory<Connection> {
        final Map<String, Connection> stored;
        /** Saves that reached this directory (a refused save must not). */
        int updates;

        StoringDirectory(Map<String, Connection> stored) {
            super(stored);
            this.stored = stored;
        }

        @Override
        public void add(Connection c) {
            stored.put(c.getIdentifier(), new StoredConnection(c.getIdentifier(), c.getAttributes()));
        }

        @Override
        public void update(Connection c) {
            updates++;
            stored.put(c.getIdentifier(), new StoredConnection(c.getIdentifier(), c.getAttributes()));
        }
    }

    /** One data source of one login: its user (with or without ADMINISTER) and its connections. */
    static final class DataSource extends AbstractUserContext {
        private final AuthenticationProvider provider;
        private final User self;
        final StoringDirectory connections;

        DataSource(String identifier, String username, boolean administrator, Connection... connections) {
            this.provider = provider(identifier);
            Set<SystemPermission> granted = administrator
                    ? Collections.singleton(new SystemPermission(SystemPermission.Type.ADMINISTER))
                    : Collections.<SystemPermission>emptySet();
            AbstractUser user = new AbstractUser() {
                @Override
                public SystemPermissionSet getSystemPermissions() {
                    return new SimpleSystemPermissionSet(granted);
                }
            };
            user.setIdentifier(username);
            this.self = user;
            Map<String, Connection> stored = new HashMap<>();
            for (Connection c : connections)
                stored.put(c.getIdentifier(), c);
            this.connections = new StoringDirectory(stored);
        }

        @Override
        public User self() {
            return self;
        }

        @Override
        public AuthenticationProvider getAuthenticationProvider() {
            return provider;
        }

        @Override
        public Directory<Connection> getConnectionDirectory() {
            return connections;
        }

        /** Its user directory holds these users besides the login's own, as JDBC's lists every user to an admin. */
        DataSource withUsers(String... usernames) {
            others = usernames;
            return this;
        }

        private String[] others = {};

        @Override
        public Directory<User> getUserDirectory() {
            Map<String, User> users = new HashMap<>();
            users.put(self.getIdentifier(), self);
            for (String name : others) {
                AbstractUser user = new AbstractUser() {
                };
                user.setIdentifier(name);
                users.put(name, user);
            }
            return new SimpleDirectory<>(users);
        }
    }

    static Map<String, String> affinity(String key, String member) {
        Map<String, String> m = new HashMap<>();
        m.put("guacd-hostname", null);
        m.put("max-connections", "2");
        if (key != null)
            m.put("guacd-affinity-key", key);
        if (member != null)
            m.put("guacd-affinity-member", member);
        return m;
    }
}
