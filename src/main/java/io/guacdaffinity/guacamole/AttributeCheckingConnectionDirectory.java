package io.guacdaffinity.guacamole;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.net.auth.DelegatingDirectory;
import org.apache.guacamole.net.auth.Directory;

import java.util.Map;

/**
 * A connection directory that checks our attributes before anything is saved, so that an admin
 * who types a member that is not in the ring is told at once instead of at the next connect. It
 * wraps the provider's own directory, beneath the routing decorator, so it sees the provider's objects.
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
        check.check(connection.getAttributes(), storedAttributes(connection));
        super.update(connection);
    }

    /**
     * What is saved now, or null when unknown. JDBC builds a fresh object on every get(); a provider
     * that hands out the very object being saved has already lost the old values, so everything is checked.
     */
    private Map<String, String> storedAttributes(Connection saving) throws GuacamoleException {
        if (saving.getIdentifier() == null)
            return null;
        Connection stored = getDelegateDirectory().get(saving.getIdentifier());
        return stored == null || stored == saving ? null : stored.getAttributes();
    }
}
