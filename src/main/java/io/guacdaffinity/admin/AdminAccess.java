package io.guacdaffinity.admin;

import io.guacdaffinity.conf.Excerpt;
import io.guacdaffinity.guacamole.DecoratedContexts;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleSecurityException;
import org.apache.guacamole.net.auth.AuthenticatedUser;
import org.apache.guacamole.net.auth.User;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.net.auth.permission.SystemPermission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Lets a login through to the admin resource only if some provider grants it system ADMINISTER. */
public final class AdminAccess {

    private static final Logger logger = LoggerFactory.getLogger(AdminAccess.class);

    private final AuthenticatedUser user;
    private final DecoratedContexts contexts;

    public AdminAccess(AuthenticatedUser user, DecoratedContexts contexts) {
        this.user = user;
        this.contexts = contexts;
    }

    /** The login's decorated contexts, once it is known to be an administrator's. */
    public List<UserContext> requireAdministrator() throws GuacamoleException {
        List<UserContext> mine = contexts.of(user);
        if (administers(mine))
            return mine;
        logger.debug("User \"{}\" was refused the guacd-affinity status: no system ADMINISTER permission.",
                Excerpt.printable(user.getIdentifier()));
        throw new GuacamoleSecurityException("Permission denied: the guacd-affinity status is for"
                + " administrators (system permission ADMINISTER) only.");
    }

    /** Whether some provider of this login grants it system ADMINISTER; asks the login's contexts, nothing else. */
    public boolean isAdministrator() {
        return administers(contexts.of(user));
    }

    private static boolean administers(List<UserContext> contexts) {
        for (UserContext context : contexts) {
            if (administers(context))
                return true;
        }
        return false;
    }

    private static boolean administers(UserContext context) {
        try {
            User self = context.self();
            return self != null && self.getEffectivePermissions().getSystemPermissions()
                    .hasPermission(SystemPermission.Type.ADMINISTER);
        }
        catch (GuacamoleException e) {
            logger.debug("Permissions of {} could not be read.", context.getAuthenticationProvider().getIdentifier(), e);
            return false;
        }
    }
}
