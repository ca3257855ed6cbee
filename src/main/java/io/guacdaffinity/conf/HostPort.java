package io.guacdaffinity.conf;

import io.guacdaffinity.ring.HostNames;

import java.util.Objects;

/** A validated host and port, such as a DNS server from guacd-affinity-dns-servers. */
public final class HostPort {

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
                throw new IllegalArgumentException("\"" + t + "\" opens '[' without closing it");
            host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":"))
                    throw new IllegalArgumentException("\"" + t + "\" has text after ']' that is not :port");
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
        if (!HostNames.isValid(host))
            throw new IllegalArgumentException("host \"" + host + "\" in \"" + t + "\" is not " + HostNames.ACCEPTED);
        int port = defaultPort;
        if (portText != null) {
            port = parsePort(portText, t);
        }
        return new HostPort(host, port);
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
        throw new IllegalArgumentException("port \"" + portText + "\" in \"" + context + "\" is not a number from 1 to 65535");
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
