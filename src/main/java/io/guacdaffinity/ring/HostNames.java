package io.guacdaffinity.ring;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides which strings may name a guacd host. Everything the extension connects to passes
 * through here, whether it came from DNS or from configuration, so that a broken SRV answer or a
 * typo can never send a tunnel somewhere unexpected.
 */
public final class HostNames {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    public static final String ACCEPTED = "a DNS host name (letters, digits and '-' in dot-separated labels"
            + " of at most 63 characters, 253 in all), an IPv4 address, or an IPv6 address";

    private HostNames() {
    }

    /** Host name without a trailing dot, as DNS targets carry one. */
    public static String normalize(String host) {
        if (host == null)
            return null;
        String h = host.trim();
        if (h.endsWith(".") && h.length() > 1)
            h = h.substring(0, h.length() - 1);
        if (h.startsWith("[") && h.endsWith("]"))
            h = h.substring(1, h.length() - 1);
        return h;
    }

    public static boolean isValid(String host) {
        if (host == null || host.isEmpty() || host.length() > 253)
            return false;
        if (IPV4.matcher(host).matches())
            return true;
        if (host.indexOf(':') >= 0)
            return isIpv6(host);
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches())
                return false;
        }
        // A name made only of digits and dots is a mistyped address, not a host name.
        return !host.matches("[0-9.]+");
    }

    /**
     * An IPv6 address in text (RFC 4291 section 2.2): eight groups of 1-4 hex digits, or fewer with
     * one "::" standing for the missing zero groups, the last two groups possibly written as IPv4.
     * Zone ids are refused: they name an interface of one machine, not a guacd.
     */
    private static boolean isIpv6(String host) {
        int gap = host.indexOf("::");
        if (gap >= 0 && host.indexOf("::", gap + 1) >= 0)
            return false;
        String head = gap < 0 ? host : host.substring(0, gap);
        String tail = gap < 0 ? "" : host.substring(gap + 2);
        int groups = 0;
        String[][] parts = {head.isEmpty() ? new String[0] : head.split(":", -1),
            tail.isEmpty() ? new String[0] : tail.split(":", -1)};
        for (int side = 0; side < 2; side++) {
            String[] sideParts = parts[side];
            for (int j = 0; j < sideParts.length; j++) {
                String group = sideParts[j];
                boolean last = (gap < 0 || side == 1) && j == sideParts.length - 1;
                if (last && IPV4.matcher(group).matches())
                    groups += 2;
                else if (HEX_GROUP.matcher(group).matches())
                    groups++;
                else
                    return false;
            }
        }
        // "::" alone is the unspecified address: nothing listens there for another machine
        return gap < 0 ? groups == 8 : groups >= 1 && groups <= 7;
    }

    /**
     * Where a member with this valid host and port is dialled, spelled so that two spellings of one
     * address are equal: host names in lower case, IPv6 addresses in full form in brackets (an
     * IPv4-mapped one as the IPv4 address). Host names are not resolved: two names that DNS maps to
     * one address stay different, because the extension resolves a name only when it connects.
     */
    public static String endpoint(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.indexOf(':') >= 0) {
            try {
                // A literal with ':' is parsed, never looked up.
                InetAddress address = InetAddress.getByName(h);
                h = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
            }
            catch (UnknownHostException e) {
                h = "[" + h + "]";
            }
        }
        return h + ":" + port;
    }

    /** The first label of a host name: a StatefulSet pod's name in its headless-service DNS name. */
    public static String firstLabel(String host) {
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }
}
