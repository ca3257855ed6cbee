package io.guacdaffinity.guacamole;

import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.net.auth.DelegatingConnection;
import org.apache.guacamole.net.auth.TokenInjectingConnection;
import org.apache.guacamole.net.auth.simple.SimpleConnection;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * Looks inside the wrappers a provider put around its own connection, for what opening the tunnel
 * ourselves must keep: whether the innermost {@link SimpleConnection} interprets parameter tokens,
 * and the tokens a {@link TokenInjectingConnection} (LDAP adds {@code LDAP_*} this way) would add.
 * guacamole-ext exposes neither publicly; when reflection is refused, the stock behaviour of every
 * bundled provider (tokens interpreted, nothing injected) is assumed.
 */
final class DecoratedConnections {

    private static final int MAX_DEPTH = 16;

    private DecoratedConnections() {
    }

    /** Whether parameter tokens are applied, as the innermost SimpleConnection would. */
    static boolean interpretsTokens(Connection connection) {
        Connection inner = innermost(connection);
        if (!(inner instanceof SimpleConnection))
            return true;
        try {
            Field f = SimpleConnection.class.getDeclaredField("interpretTokens");
            f.setAccessible(true);
            return f.getBoolean(inner);
        }
        catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    /** Tokens injected by TokenInjectingConnection wrappers, inner wrappers winning as they do in Guacamole. */
    static Map<String, String> injectedTokens(Connection connection) {
        Map<String, String> out = new HashMap<>();
        Connection c = connection;
        for (int depth = 0; c != null && depth < MAX_DEPTH; depth++) {
            if (c instanceof TokenInjectingConnection) {
                Map<String, String> tokens = tokensOf((TokenInjectingConnection) c);
                if (tokens != null)
                    out.putAll(tokens);
            }
            c = delegateOf(c);
        }
        return out;
    }

    static Connection innermost(Connection connection) {
        Connection c = connection;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            Connection next = delegateOf(c);
            if (next == null)
                return c;
            c = next;
        }
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> tokensOf(TokenInjectingConnection c) {
        try {
            Method m = TokenInjectingConnection.class.getDeclaredMethod("getTokens");
            m.setAccessible(true);
            return (Map<String, String>) m.invoke(c);
        }
        catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Connection delegateOf(Connection c) {
        if (!(c instanceof DelegatingConnection))
            return null;
        try {
            Method m = DelegatingConnection.class.getDeclaredMethod("getDelegateConnection");
            m.setAccessible(true);
            return (Connection) m.invoke(c);
        }
        catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
