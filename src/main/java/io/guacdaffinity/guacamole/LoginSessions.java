package io.guacdaffinity.guacamole;

import org.apache.guacamole.net.auth.AuthenticatedUser;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code session} key of each login: one id per AuthenticatedUser object, shared by every data
 * source that login has (LDAP and JDBC each get a decorated context), made up here and never
 * Guacamole's authentication token. Keyed by identity, not equals: two logins of one user are two
 * sessions. Weak, so a logout or a session timeout frees the entry.
 */
final class LoginSessions {

    private final ReferenceQueue<AuthenticatedUser> collected = new ReferenceQueue<>();
    private final Map<Key, String> ids = new ConcurrentHashMap<>();

    String idOf(AuthenticatedUser user) {
        for (Reference<?> r; (r = collected.poll()) != null; )
            ids.remove(r);
        return ids.computeIfAbsent(new Key(user, collected), k -> UUID.randomUUID().toString());
    }

    private static final class Key extends WeakReference<AuthenticatedUser> {

        private final int hash;

        Key(AuthenticatedUser user, ReferenceQueue<AuthenticatedUser> queue) {
            super(user, queue);
            this.hash = System.identityHashCode(user);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o)
                return true;
            if (!(o instanceof Key))
                return false;
            Object mine = get();
            return mine != null && mine == ((Key) o).get();
        }
    }
}
