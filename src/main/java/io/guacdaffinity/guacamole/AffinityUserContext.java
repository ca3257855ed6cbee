package io.guacdaffinity.guacamole;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.form.Form;
import org.apache.guacamole.net.auth.ActiveConnection;
import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.net.auth.ConnectionGroup;
import org.apache.guacamole.net.auth.DecoratingDirectory;
import org.apache.guacamole.net.auth.DelegatingUserContext;
import org.apache.guacamole.net.auth.Directory;
import org.apache.guacamole.net.auth.UserContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.function.BooleanSupplier;

/**
 * Another provider's user context with every way of opening a tunnel routed: connections,
 * connection groups (passed through, noted once) and active connections (joins and monitoring).
 */
public class AffinityUserContext extends DelegatingUserContext {

    private static final Logger logger = LoggerFactory.getLogger(AffinityUserContext.class);

    private final AffinityService service;
    private final Login login;
    private final BooleanSupplier administrator;

    /** @param administrator whether this login may see the ring's member names (system ADMINISTER somewhere) */
    AffinityUserContext(UserContext context, AffinityService service, Login login, BooleanSupplier administrator) {
        super(context);
        this.service = service;
        this.login = login;
        this.administrator = administrator;
        String wrapper = DecoratedConnections.foreignWrapper(context);
        if (wrapper != null)
            service.notes().warnOnce("outer:" + wrapper, "guacd-affinity decorates a user context already wrapped by {}"
                    + " (another extension decorated first): its connections are left to their provider, unrouted,"
                    + " unless that wrapper only injects tokens. Set extension-priority: guacd-affinity, * in"
                    + " guacamole.properties so guacd-affinity sits innermost.", wrapper);
    }

    Login login() {
        return login;
    }

    AffinityService service() {
        return service;
    }

    /** The context this one decorates. */
    public UserContext getUndecorated() {
        return getDelegateUserContext();
    }

    /** The provider's connection forms plus our "guacd-affinity" section. */
    @Override
    public Collection<Form> getConnectionAttributes() {
        return AffinityAttributes.withConnectionForm(super.getConnectionAttributes());
    }

    /** Connections, each routed; saves of our attributes are checked against the ring first. */
    @Override
    public Directory<Connection> getConnectionDirectory() throws GuacamoleException {
        Directory<Connection> checked = new AttributeCheckingConnectionDirectory(super.getConnectionDirectory(),
                new ConnectionAttributeCheck(() -> service.router().memberNames(), administrator));
        return new DecoratingDirectory<Connection>(checked) {
            @Override
            protected Connection decorate(Connection object) {
                return object == null ? null : new AffinityConnection(object, AffinityUserContext.this);
            }

            @Override
            protected Connection undecorate(Connection object) {
                return object instanceof AffinityConnection ? ((AffinityConnection) object).getUndecorated() : object;
            }
        };
    }

    @Override
    public Directory<ConnectionGroup> getConnectionGroupDirectory() throws GuacamoleException {
        return new DecoratingDirectory<ConnectionGroup>(super.getConnectionGroupDirectory()) {
            @Override
            protected ConnectionGroup decorate(ConnectionGroup object) {
                return object == null ? null : new PassThroughConnectionGroup(object, service);
            }

            @Override
            protected ConnectionGroup undecorate(ConnectionGroup object) {
                return object instanceof PassThroughConnectionGroup
                        ? ((PassThroughConnectionGroup) object).getUndecorated() : object;
            }
        };
    }

    @Override
    public Directory<ActiveConnection> getActiveConnectionDirectory() throws GuacamoleException {
        return new DecoratingDirectory<ActiveConnection>(super.getActiveConnectionDirectory()) {
            @Override
            protected ActiveConnection decorate(ActiveConnection object) {
                return object == null ? null : new AffinityActiveConnection(object, AffinityUserContext.this);
            }

            @Override
            protected ActiveConnection undecorate(ActiveConnection object) {
                return object instanceof AffinityActiveConnection
                        ? ((AffinityActiveConnection) object).getUndecorated() : object;
            }
        };
    }
}
