package io.guacdaffinity.guacamole;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleServerException;
import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.net.auth.DelegatingConnection;
import org.apache.guacamole.net.auth.TokenInjectingConnection;
import org.apache.guacamole.net.auth.simple.SimpleConnection;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * Looks inside the wrappers a provider put around its own connection, for what opening the tunnel
 * ourselves must keep: whether the innermost {@link SimpleConnection} interprets parameter tokens,
 * and the tokens {@link TokenInjectingConnection}s (LDAP's {@code LDAP_*}, guacamole-vault's secrets)
 * would add.
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

    /**
     * The tokens the connection's innermost connect() would get: {@code callerTokens}, then what each
     * TokenInjectingConnection wrapper adds through {@code addTokens}, outermost first, on one map, as
     * their own connect() calls do (inner wrappers win, and each sees the tokens already there:
     * guacamole-vault derives a secret's name from {@code GUAC_USERNAME}). Asking {@code addTokens}
     * rather than reading the constructor's map matters: TokenInjectingUserContext (LDAP's decorate(),
     * guacamole-vault) overrides it and keeps no map at all.
     *
     * @throws GuacamoleException a wrapper could not produce its tokens (as its connect() would fail)
     */
    static Map<String, String> tokensForConnect(Connection connection, Map<String, String> callerTokens)
            throws GuacamoleException {
        Map<String, String> out = new HashMap<>(callerTokens == null ? Map.of() : callerTokens);
        Connection c = connection;
        for (int depth = 0; c != null && depth < MAX_DEPTH; depth++) {
            if (c instanceof TokenInjectingConnection)
                addTokens((TokenInjectingConnection) c, out);
            c = delegateOf(c);
        }
        return out;
    }

    /**
     * The class of the first wrapper around the connection whose connect() we cannot stand in for,
     * or null: another extension that decorated before us (guacamole-auth-restrict, -ban, ...) may
     * check or record something there, and a tunnel we open ourselves would skip it. Only
     * TokenInjectingConnection is known: its connect() adds tokens, which we ask it for.
     */
    static String foreignWrapper(Connection connection) {
        Connection c = connection;
        for (int depth = 0; c instanceof DelegatingConnection && depth < MAX_DEPTH; depth++) {
            if (!(c instanceof TokenInjectingConnection))
                return c.getClass().getName();
            c = delegateOf(c);
        }
        return null;
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

    private static void addTokens(TokenInjectingConnection c, Map<String, String> tokens) throws GuacamoleException {
        Method m;
        try {
            m = TokenInjectingConnection.class.getDeclaredMethod("addTokens", Map.class);
            m.setAccessible(true);
        }
        catch (ReflectiveOperationException | RuntimeException e) {
            return;
        }
        try {
            m.invoke(c, tokens);
        }
        catch (InvocationTargetException e) {
            if (e.getCause() instanceof GuacamoleException)
                throw (GuacamoleException) e.getCause();
            throw new GuacamoleServerException("the tokens of connection " + c.getIdentifier()
                    + " could not be read: " + e.getCause(), e.getCause());
        }
        catch (IllegalAccessException | RuntimeException e) {
            // as if reflection were refused: nothing injected
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
