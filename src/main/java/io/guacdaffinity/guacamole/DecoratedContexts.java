package io.guacdaffinity.guacamole;

import org.apache.guacamole.net.auth.AuthenticatedUser;
import org.apache.guacamole.net.auth.UserContext;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The contexts we decorated, by the login they belong to. Our own status context has no
 * permissions of its own: it asks the user's other contexts (JDBC, LDAP, ...) whether the user is an
 * administrator there. Weak on both sides, so a logout or a session timeout frees everything.
 * Used at login and by admin requests only, never on the connect path.
 */
public final class DecoratedContexts {

    private final Map<UserContext, WeakReference<AuthenticatedUser>> owners =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** Called from decorate()/redecorate() with the context Guacamole will use. */
    public void register(AuthenticatedUser user, UserContext decorated) {
        if (user != null && decorated != null)
            owners.put(decorated, new WeakReference<>(user));
    }

    /** Forgets a context Guacamole replaced by a new decoration. */
    public void unregister(UserContext decorated) {
        if (decorated != null)
            owners.remove(decorated);
    }

    /** Whether some login open on this Guacamole server now is {@code username}'s (exact name, as keys use it). */
    public boolean hasLoginOf(String username) {
        synchronized (owners) {
            for (WeakReference<AuthenticatedUser> owner : owners.values()) {
                AuthenticatedUser user = owner.get();
                if (user != null && username.equals(user.getIdentifier()))
                    return true;
            }
        }
        return false;
    }

    /** Every decorated context of this very login (the same AuthenticatedUser object). */
    public List<UserContext> of(AuthenticatedUser user) {
        List<UserContext> found = new ArrayList<>();
        synchronized (owners) {
            for (Map.Entry<UserContext, WeakReference<AuthenticatedUser>> e : owners.entrySet()) {
                if (e.getValue().get() == user)
                    found.add(e.getKey());
            }
        }
        return found;
    }
}
