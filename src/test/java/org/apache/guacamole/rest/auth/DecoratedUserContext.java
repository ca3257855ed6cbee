package org.apache.guacamole.rest.auth;

import org.apache.guacamole.net.auth.DelegatingUserContext;
import org.apache.guacamole.net.auth.UserContext;

/**
 * Stands in for the web application's own wrapper (guacamole's REST layer hands a decorator that is
 * not first the previous decoration inside it); the extension knows it by this class name only.
 */
public class DecoratedUserContext extends DelegatingUserContext {

    public DecoratedUserContext(UserContext context) {
        super(context);
    }
}
