package io.guacdaffinity.guacamole;

import io.guacdaffinity.admin.AdminAccess;
import io.guacdaffinity.admin.AdminReports;
import io.guacdaffinity.admin.AffinityStatusUserContext;
import io.guacdaffinity.conf.PropertyLookup;

import org.apache.guacamole.environment.LocalEnvironment;
import org.apache.guacamole.net.auth.AbstractAuthenticationProvider;
import org.apache.guacamole.net.auth.AuthenticatedUser;
import org.apache.guacamole.net.auth.Credentials;
import org.apache.guacamole.net.auth.UserContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.UUID;

/**
 * Decorates the user contexts of every other authentication provider so that each connection is
 * routed to the guacd the router chooses for its affinity key. It authenticates nobody itself. Nothing here
 * may break a login: with a bad configuration or an unexpected error, contexts pass undecorated.
 */
public class AffinityAuthenticationProvider extends AbstractAuthenticationProvider {

    private static final Logger logger = LoggerFactory.getLogger(AffinityAuthenticationProvider.class);

    /** Identifier and namespace: admins list it first in extension-priority. */
    public static final String IDENTIFIER = "guacd-affinity";

    /** Empty when the configuration is bad: then nothing is decorated. */
    private final Optional<AffinityService> service;
    private final DecoratedContexts decoratedContexts = new DecoratedContexts();
    private final LoginSessions sessions = new LoginSessions();
    private final AdminReports status;

    /** Used by Guacamole: reads guacamole.properties (and environment variables, when enabled). */
    public AffinityAuthenticationProvider() {
        this(startFromEnvironment());
    }

    public AffinityAuthenticationProvider(PropertyLookup properties) {
        this(Startup.from(properties));
    }

    /** Routing with a service built elsewhere (a test's, or a program's that embeds the provider). */
    public AffinityAuthenticationProvider(AffinityService service) {
        this(Startup.routing(service));
    }

    private AffinityAuthenticationProvider(Startup startup) {
        this.service = startup.service;
        this.status = startup.reports;
    }

    private static Startup startFromEnvironment() {
        try {
            return Startup.from(new EnvironmentLookup(LocalEnvironment.getInstance()));
        }
        catch (RuntimeException e) {
            return Startup.failed("Guacamole's environment could not be read", "Reading Guacamole's environment", e);
        }
    }

    @Override
    public String getIdentifier() {
        return IDENTIFIER;
    }

    /** Configuration, router and membership, for other components; empty when not routing. */
    public Optional<AffinityService> getService() {
        return service;
    }

    /** Every login gets our own, empty data source: it carries the admin resource (see docs/admin.md). */
    @Override
    public UserContext getUserContext(AuthenticatedUser authenticatedUser) {
        return new AffinityStatusUserContext(this, authenticatedUser, decoratedContexts, status);
    }

    @Override
    public UserContext updateUserContext(UserContext context, AuthenticatedUser authenticatedUser,
            Credentials credentials) {
        return getUserContext(authenticatedUser);
    }

    /** What the admin resource reads. */
    public AdminReports getStatus() {
        return status;
    }

    @Override
    public UserContext decorate(UserContext context, AuthenticatedUser authenticatedUser, Credentials credentials) {
        if (context != null && context.getAuthenticationProvider() == this)
            return context;
        return wrap(context, authenticatedUser, credentials, sessionIdOf(authenticatedUser));
    }

    @Override
    public UserContext redecorate(UserContext decorated, UserContext context, AuthenticatedUser authenticatedUser,
            Credentials credentials) {
        if (context != null && context.getAuthenticationProvider() == this)
            return context;
        // the web application re-decorates at every token update: the context it replaces is not
        // this login's any more, and would make the admin resource see the same data source twice
        decoratedContexts.unregister(decorated);
        String sessionId = decorated instanceof AffinityUserContext
                ? ((AffinityUserContext) decorated).login().sessionId() : sessionIdOf(authenticatedUser);
        return wrap(context, authenticatedUser, credentials, sessionId);
    }

    /** The {@code session} key of this login; a login Guacamole gave no user (it always does) gets one of its own. */
    private String sessionIdOf(AuthenticatedUser user) {
        return user != null ? sessions.idOf(user) : UUID.randomUUID().toString();
    }

    /** Wraps, and remembers the result for the admin check of this login (which asks its permissions). */
    private UserContext wrap(UserContext context, AuthenticatedUser user, Credentials credentials, String sessionId) {
        UserContext result = routed(context, user, credentials, sessionId);
        decoratedContexts.register(user, result);
        return result;
    }

    private UserContext routed(UserContext context, AuthenticatedUser user, Credentials credentials,
            String sessionId) {
        if (context == null || service.isEmpty())
            return context;
        try {
            AdminAccess access = new AdminAccess(user, decoratedContexts);
            return new AffinityUserContext(context, service.get(), Login.of(context, user, credentials, sessionId),
                    user != null ? access::isAdministrator : () -> false);
        }
        catch (RuntimeException e) {
            // Nothing expected fails here: the stack trace is what a bug report needs.
            logger.error("guacd-affinity left a user context of {} undecorated", context.getClass().getName(), e);
            return context;
        }
    }

    @Override
    public void shutdown() {
        service.ifPresent(AffinityService::close);
    }
}
