package io.guacdaffinity.guacamole;

import org.apache.guacamole.net.auth.AbstractAuthenticationProvider;

/**
 * Decorates the user contexts of every other authentication provider so that each connection is
 * routed to the guacd its affinity key is pinned to.
 */
public class AffinityAuthenticationProvider extends AbstractAuthenticationProvider {

    /** Identifier and namespace: admins list it first in extension-priority. */
    public static final String IDENTIFIER = "guacd-affinity";

    @Override
    public String getIdentifier() {
        return IDENTIFIER;
    }
}
