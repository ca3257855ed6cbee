package io.guacdaffinity.guacamole;

import io.guacdaffinity.conf.Excerpt;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleServerException;
import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.net.auth.DelegatingConnection;
import org.apache.guacamole.net.auth.DelegatingUserContext;
import org.apache.guacamole.net.auth.GuacamoleProxyConfiguration;
import org.apache.guacamole.net.auth.TokenInjectingConnection;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.net.auth.simple.SimpleConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * Looks inside the wrappers a provider put around its own connection, for what opening the tunnel
 * ourselves must keep: whether the {@link SimpleConnection} under them interprets parameter tokens,
 * and the tokens {@link TokenInjectingConnection}s (LDAP's {@code LDAP_*}, guacamole-vault's secrets)
 * would add; and whether the provider gave that SimpleConnection a guacd of its own (guacamole-ext
 * 1.6 and later).
 * guacamole-ext exposes none of this publicly; when reflection is refused, the stock behaviour of every
 * bundled provider (tokens interpreted, nothing injected, the default guacd) is assumed.
 */
final class DecoratedConnections {

    private static final Logger logger = LoggerFactory.getLogger(DecoratedConnections.class);

    private static final int MAX_DEPTH = 16;

    /** Looked up once: null when the JVM refuses reflection, and then the stock behaviour is assumed. */
    private static final Method DELEGATE = accessible(() -> DelegatingConnection.class
            .getDeclaredMethod("getDelegateConnection"));
    private static final Method ADD_TOKENS = accessible(() -> TokenInjectingConnection.class
            .getDeclaredMethod("addTokens", Map.class));
    private static final Field INTERPRET_TOKENS = accessible(() -> SimpleConnection.class
            .getDeclaredField("interpretTokens"));
    private static final Method DELEGATE_CONTEXT = accessible(() -> DelegatingUserContext.class
            .getDeclaredMethod("getDelegateUserContext"));
    /** guacamole-ext 1.6's per-connection guacd; 1.5's SimpleConnection has none, and this stays null. */
    private static final Field PROXY_CONFIG = accessible(() -> SimpleConnection.class
            .getDeclaredField("proxyConfig"));

    private DecoratedConnections() {
    }

    /**
     * The connection under any TokenInjectingConnection wrappers: the provider's own connection when
     * those are the only wrappers, else the first other wrapper (or a TokenInjectingConnection that
     * reflection could not look into). Only a SimpleConnection found here may get a tunnel of ours.
     */
    static Connection underTokenWrappers(Connection connection) {
        Connection c = connection;
        for (int depth = 0; c instanceof TokenInjectingConnection && depth < MAX_DEPTH; depth++) {
            Connection next = delegateOf(c);
            if (next == null)
                return c;
            c = next;
        }
        return c;
    }

    /** Whether parameter tokens are applied, as the SimpleConnection under the token wrappers would. */
    static boolean interpretsTokens(Connection connection) {
        Connection inner = underTokenWrappers(connection);
        if (!(inner instanceof SimpleConnection) || INTERPRET_TOKENS == null)
            return true;
        try {
            return INTERPRET_TOKENS.getBoolean(inner);
        }
        catch (IllegalAccessException | RuntimeException e) {
            logger.debug("Reading whether {} interprets tokens failed; assuming it does", inner.getClass().getName(), e);
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

    private static final String WEBAPP_DECORATION = "org.apache.guacamole.rest.auth.DecoratedUserContext";

    /**
     * The first wrapper another extension put around the context, or null. Guacamole hands a
     * decorator that is not first the previous decoration inside its own DecoratedUserContext,
     * which is looked through.
     */
    static String foreignWrapper(UserContext context) {
        UserContext c = context;
        for (int depth = 0; c instanceof DelegatingUserContext && depth < MAX_DEPTH; depth++) {
            if (!c.getClass().getName().equals(WEBAPP_DECORATION))
                return c.getClass().getName();
            if (DELEGATE_CONTEXT == null)
                return c.getClass().getName();
            try {
                c = (UserContext) DELEGATE_CONTEXT.invoke(c);
            }
            catch (ReflectiveOperationException | RuntimeException e) {
                logger.debug("Looking inside {} failed; it counts as another extension's wrapper",
                        c.getClass().getName(), e);
                return c.getClass().getName();
            }
        }
        return null;
    }

    /**
     * The class of the first wrapper around the connection whose connect() we cannot stand in for,
     * or null: another extension that decorated before us (guacamole-auth-restrict, -ban, ...) may
     * check or record something there, and a tunnel we open ourselves would skip it. Only
     * TokenInjectingConnection is known: its connect() adds tokens, which we ask it for.
     */
    static String foreignWrapper(Connection connection) {
        Connection c = underTokenWrappers(connection);
        return c instanceof DelegatingConnection && !(c instanceof TokenInjectingConnection)
                ? c.getClass().getName() : null;
    }

    private static void addTokens(TokenInjectingConnection c, Map<String, String> tokens) throws GuacamoleException {
        if (ADD_TOKENS == null)
            return;
        try {
            ADD_TOKENS.invoke(c, tokens);
        }
        catch (InvocationTargetException e) {
            if (e.getCause() instanceof GuacamoleException)
                throw (GuacamoleException) e.getCause();
            // Another extension's code failed: the log keeps what and where, the user hears only that it did.
            logger.warn("The tokens that {} adds to connection \"{}\" could not be read", c.getClass().getName(),
                    Excerpt.printable(c.getIdentifier()), e.getCause());
            throw new GuacamoleServerException("the tokens of this connection could not be read", e.getCause());
        }
        catch (IllegalAccessException | RuntimeException e) {
            // as if reflection were refused: nothing injected
            logger.debug("Asking {} for its tokens by reflection failed; none are added", c.getClass().getName(), e);
        }
    }

    private static Connection delegateOf(Connection c) {
        if (!(c instanceof DelegatingConnection) || DELEGATE == null)
            return null;
        try {
            return (Connection) DELEGATE.invoke(c);
        }
        catch (ReflectiveOperationException | RuntimeException e) {
            logger.debug("Looking inside {} failed; it is treated as the innermost connection", c.getClass().getName(),
                    e);
            return null;
        }
    }

    /**
     * The guacd the provider gave the SimpleConnection under the token wrappers (guacamole-ext 1.6's
     * constructor taking a {@link GuacamoleProxyConfiguration}), or null: none was given, the
     * connection is no SimpleConnection, guacamole-ext is 1.5, or reflection is refused. A
     * SimpleConnection that connected once through its provider remembers the default guacd
     * ({@code guacd-hostname}, {@code guacd-port}, {@code guacd-ssl}) in the same place: that is no
     * guacd of its own, and null as well.
     *
     * @param defaultGuacd the default guacd as Guacamole reads it
     */
    static GuacamoleProxyConfiguration ownGuacd(Connection connection, DefaultGuacd defaultGuacd) {
        Connection inner = underTokenWrappers(connection);
        if (!(inner instanceof SimpleConnection) || PROXY_CONFIG == null)
            return null;
        Object value;
        try {
            value = PROXY_CONFIG.get(inner);
        }
        catch (IllegalAccessException | RuntimeException e) {
            logger.debug("Reading the guacd of {} failed; the default guacd is assumed", inner.getClass().getName(), e);
            return null;
        }
        if (!(value instanceof GuacamoleProxyConfiguration))
            return null;
        GuacamoleProxyConfiguration own = (GuacamoleProxyConfiguration) value;
        GuacamoleProxyConfiguration standard;
        try {
            standard = defaultGuacd.get();
        }
        catch (GuacamoleException | RuntimeException e) {
            // Had the connection connected with the default, that default would have been readable.
            logger.debug("The default guacd could not be read; a guacd set on a connection counts as its own", e);
            return own;
        }
        return standard != null && sameGuacd(own, standard) ? null : own;
    }

    private static boolean sameGuacd(GuacamoleProxyConfiguration a, GuacamoleProxyConfiguration b) {
        return String.valueOf(a.getHostname()).equalsIgnoreCase(String.valueOf(b.getHostname()))
                && a.getPort() == b.getPort() && a.getEncryptionMethod() == b.getEncryptionMethod();
    }

    /** The default guacd, as {@code LocalEnvironment.getDefaultGuacamoleProxyConfiguration()} reads it. */
    interface DefaultGuacd {
        GuacamoleProxyConfiguration get() throws GuacamoleException;
    }

    private interface Lookup<T extends AccessibleObject> {
        T find() throws ReflectiveOperationException;
    }

    private static <T extends AccessibleObject> T accessible(Lookup<T> lookup) {
        try {
            T member = lookup.find();
            member.setAccessible(true);
            return member;
        }
        catch (ReflectiveOperationException | RuntimeException e) {
            logger.debug("This guacamole-ext has no such member or refuses reflection; the stock behaviour of its"
                    + " connections is assumed", e);
            return null;
        }
    }
}
