package io.guacdaffinity.admin;

import io.guacdaffinity.guacamole.DecoratedContexts;

import org.apache.guacamole.net.auth.AbstractUser;
import org.apache.guacamole.net.auth.AbstractUserContext;
import org.apache.guacamole.net.auth.AuthenticatedUser;
import org.apache.guacamole.net.auth.AuthenticationProvider;
import org.apache.guacamole.net.auth.User;

/**
 * Our own, otherwise empty, data source "guacd-affinity", which every login gets. It exists only
 * to carry the admin resource at a fixed address ({@code /api/session/ext/guacd-affinity/}) that
 * does not collide with the resource of a context we decorate (the dispatcher picks a context by
 * its provider's identifier, and a decorated JDBC context keeps JDBC's).
 */
public final class AffinityStatusUserContext extends AbstractUserContext {

    private final AuthenticationProvider provider;
    private final User self;
    private final AdminAccess access;
    private final AdminReports reports;
    private final DecoratedContexts contexts;

    public AffinityStatusUserContext(AuthenticationProvider provider, AuthenticatedUser user,
            DecoratedContexts contexts, AdminReports reports) {
        this.provider = provider;
        this.access = new AdminAccess(user, contexts);
        this.reports = reports;
        this.contexts = contexts;
        AbstractUser me = new AbstractUser() {
        };
        me.setIdentifier(user.getIdentifier());
        this.self = me;
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
    public Object getResource() {
        return new AffinityStatusResource(access, reports, contexts);
    }
}
