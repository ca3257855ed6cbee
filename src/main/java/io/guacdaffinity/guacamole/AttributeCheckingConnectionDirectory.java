package io.guacdaffinity.guacamole;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.net.auth.DelegatingDirectory;
import org.apache.guacamole.net.auth.Directory;

import java.util.Map;

/**
 * A connection directory that checks our attributes before anything is saved, so that an admin
 * who types a member that is not in the ring is told at once instead of at the next connect.
 * Guacamole 1.6's bulk import saves through {@code tryAtomically}, which this wrapper cannot see on
 * 1.5; such connections are checked when they connect (a value not accepted is logged and ignored).
 */
public class AttributeCheckingConnectionDirectory extends DelegatingDirectory<Connection> {

    private final ConnectionAttributeCheck check;

    public AttributeCheckingConnectionDirectory(Directory<Connection> delegate, ConnectionAttributeCheck check) {
        super(delegate);
        this.check = check;
    }

    @Override
    public void add(Connection connection) throws GuacamoleException {
        check.check(connection.getAttributes(), null);
        super.add(connection);
    }

    @Override
    public void update(Connection connection) throws GuacamoleException {
        check.check(connection.getAttributes(), storedAttributes(connection.getIdentifier()));
        super.update(connection);
    }

    private Map<String, String> storedAttributes(String identifier) throws GuacamoleException {
        if (identifier == null)
            return null;
        Connection stored = getDelegateDirectory().get(identifier);
        return stored == null ? null : stored.getAttributes();
    }
}
