package io.guacdaffinity.conf;

import io.guacdaffinity.ring.HostNames;

import java.util.Objects;
import java.util.regex.Pattern;

/** A validated host and port, such as a DNS server from guacd-affinity-dns-servers. */
public final class HostPort {

    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern IPV4 = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    private final String host;
    private final int port;

    public HostPort(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static HostPort parse(String text, int defaultPort) {
        String t = text.trim();
        String host;
        String portText = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0)
                throw new IllegalArgumentException(Excerpt.quoted(t) + " opens '[' without closing it");
            host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":"))
                    throw new IllegalArgumentException(Excerpt.quoted(t) + " has text after ']' that is not :port");
                portText = rest.substring(1);
            }
        }
        else {
            int colon = t.lastIndexOf(':');
            if (colon >= 0 && t.indexOf(':') == colon) {
                host = t.substring(0, colon);
                portText = t.substring(colon + 1);
            }
            else
                host = t;
        }
        host = HostNames.normalize(host);
        if (!HostNames.isValid(host) || host.indexOf(':') >= 0 && !isIpv6Address(host))
            throw new IllegalArgumentException("host " + Excerpt.quoted(host) + " in " + Excerpt.quoted(t) + " is not "
                    + HostNames.ACCEPTED);
        int port = defaultPort;
        if (portText != null) {
            port = parsePort(portText, t);
        }
        return new HostPort(host, port);
    }

    /**
     * Whether {@code text} is an IPv6 address literal (RFC 4291 text form, optionally ending in a
     * dotted IPv4 address). HostNames only checks the characters; this also checks the groups, so
     * that a typo such as {@code 1:::2} is refused here rather than failing at connect time.
     */
    static boolean isIpv6Address(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && gap != text.lastIndexOf("::"))
            return false;
        String head = gap >= 0 ? text.substring(0, gap) : text;
        String tail = gap >= 0 ? text.substring(gap + 2) : "";
        int headGroups = ipv6Groups(head, gap < 0);
        int tailGroups = ipv6Groups(tail, true);
        if (headGroups < 0 || tailGroups < 0)
            return false;
        int groups = headGroups + tailGroups;
        return gap >= 0 ? groups <= 7 : groups == 8;
    }

    static boolean isIpv4Address(String text) {
        return IPV4.matcher(text).matches();
    }

    /** Number of 16-bit groups in a colon-separated run, -1 when malformed. */
    private static int ipv6Groups(String run, boolean mayEndInIpv4) {
        if (run.isEmpty())
            return 0;
        String[] parts = run.split(":", -1);
        int groups = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && mayEndInIpv4 && part.indexOf('.') >= 0) {
                if (!IPV4.matcher(part).matches())
                    return -1;
                groups += 2;
            }
            else if (HEX_GROUP.matcher(part).matches())
                groups++;
            else
                return -1;
        }
        return groups;
    }

    static int parsePort(String portText, String context) {
        try {
            int port = Integer.parseInt(portText);
            if (port >= 1 && port <= 65535)
                return port;
        }
        catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("port " + Excerpt.quoted(portText) + " in " + Excerpt.quoted(context)
                + " is not a number from 1 to 65535");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostPort && ((HostPort) o).host.equals(host) && ((HostPort) o).port == port;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
