package io.guacdaffinity.testing;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The protocols the double "has installed" and the parameter names it announces in {@code args} for each,
 * a subset of the names the real guacd 1.6.0 plugins announce. guacd sends its protocol version ahead of
 * the names, so the client's {@code connect} carries one value more than this list.
 */
final class GuacdProtocols {

    /** What guacd 1.5.0 and later put first in {@code args}. */
    static final String PROTOCOL_VERSION = "VERSION_1_5_0";

    static final String MASK = "********";

    private static final Map<String, List<String>> PARAMETERS;

    static {
        Map<String, List<String>> parameters = new TreeMap<>();
        parameters.put("vnc", names("hostname", "port", "read-only", "encodings", "username", "password",
                "swap-red-blue", "color-depth", "cursor", "autoretry", "clipboard-encoding", "disable-copy",
                "disable-paste", "recording-path", "recording-name"));
        parameters.put("rdp", names("hostname", "port", "domain", "username", "password", "width", "height",
                "dpi", "initial-program", "color-depth", "disable-audio", "enable-printing", "security",
                "ignore-cert", "disable-auth", "read-only", "timezone", "enable-drive", "drive-path",
                "create-drive-path", "console", "server-layout", "resize-method", "recording-path",
                "recording-name"));
        parameters.put("ssh", names("hostname", "host-key", "port", "username", "password", "font-name",
                "font-size", "enable-sftp", "private-key", "passphrase", "public-key", "color-scheme", "command",
                "read-only", "scrollback", "terminal-type", "timezone", "recording-path", "recording-name"));
        parameters.put("telnet", names("hostname", "port", "username", "username-regex", "password",
                "password-regex", "font-name", "font-size", "color-scheme", "read-only", "scrollback",
                "terminal-type", "recording-path", "recording-name"));
        parameters.put("kubernetes", names("hostname", "port", "namespace", "pod", "container", "exec-command",
                "use-ssl", "client-cert", "client-key", "ca-cert", "ignore-cert", "font-name", "font-size",
                "color-scheme", "read-only", "scrollback", "recording-path", "recording-name"));
        PARAMETERS = Collections.unmodifiableMap(parameters);
    }

    private GuacdProtocols() {
    }

    static Set<String> supported() {
        return PARAMETERS.keySet();
    }

    static boolean isSupported(String protocol) {
        return PARAMETERS.containsKey(protocol);
    }

    /** Parameter names announced for {@code protocol}, without the leading protocol version. */
    static List<String> parameterNames(String protocol) {
        List<String> names = PARAMETERS.get(protocol);
        if (names == null)
            throw new IllegalArgumentException("Unsupported protocol \"" + protocol + "\"; supported: " + supported());
        return names;
    }

    /** Secrets are recorded as present or absent, never with their value. */
    static boolean isSecret(String parameterName) {
        String name = parameterName.toLowerCase(Locale.ROOT);
        return name.contains("password") || name.contains("passphrase") || name.contains("secret")
                || name.contains("token") || name.equals("private-key") || name.equals("client-key");
    }

    static String recordedValue(String parameterName, String value) {
        if (isSecret(parameterName) && !value.isEmpty())
            return MASK;
        return value;
    }

    private static List<String> names(String... names) {
        return Collections.unmodifiableList(Arrays.asList(names));
    }
}
