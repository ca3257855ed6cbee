package io.guacdaffinity.conf;

import io.guacdaffinity.ring.HostNames;
import io.guacdaffinity.ring.Member;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Parsers for property values. Each throws IllegalArgumentException with what was wrong, quoting
 * at most {@link Excerpt#MAX_CHARS} characters of any part of the value.
 */
final class Parsers {

    private static final Pattern LIST_SEPARATOR = Pattern.compile("[,\\s]+");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+");
    private static final Pattern SRV_LABEL = Pattern.compile("_?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private Parsers() {
    }

    static Function<String, Integer> intRange(int min, int max) {
        return text -> {
            long v;
            try {
                v = Long.parseLong(text);
            }
            catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a whole number");
            }
            if (v < min || v > max)
                throw new IllegalArgumentException("out of range");
            return (int) v;
        };
    }

    static Function<String, Double> loadFactor() {
        return text -> {
            // Double.parseDouble alone would also take "1.5f", "0x1p0" and "NaN".
            if (!DECIMAL.matcher(text).matches())
                throw new IllegalArgumentException("not a decimal number");
            double v = Double.parseDouble(text);
            if (v == 0.0)
                return 0.0;
            if (!(v > 1.0 && v <= 10.0))
                throw new IllegalArgumentException("out of range");
            return v;
        };
    }

    /** A literal IPv4 or IPv6 address: listening on a host name would make start-up wait on DNS. */
    static Function<String, String> ipAddress() {
        return text -> {
            String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
            if (!HostPort.isIpv4Address(t) && !HostPort.isIpv6Address(t))
                throw new IllegalArgumentException("not an IP address");
            return t;
        };
    }

    static Function<String, Boolean> bool() {
        return text -> {
            String t = text.toLowerCase(Locale.ROOT);
            if (t.equals("true"))
                return true;
            if (t.equals("false"))
                return false;
            throw new IllegalArgumentException();
        };
    }

    static Function<String, KeyMode> keyMode() {
        return text -> {
            KeyMode m = KeyMode.fromValue(text);
            if (m == null)
                throw new IllegalArgumentException();
            return m;
        };
    }

    /** An SRV owner name: DNS labels, where service and protocol labels start with '_'. */
    static Function<String, String> srvName() {
        return text -> {
            if (text.isEmpty())
                return "";
            String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
            if (name.length() > 253)
                throw new IllegalArgumentException("longer than 253 characters");
            for (String label : name.split("\\.", -1)) {
                if (!SRV_LABEL.matcher(label).matches())
                    throw new IllegalArgumentException("label " + Excerpt.quoted(label) + " is not a DNS label");
            }
            return name;
        };
    }

    /** A host template: {ordinal} and {name} are replaced; the result must be a valid host name. */
    static Function<String, String> hostTemplate() {
        return text -> {
            if (text.isEmpty())
                return "";
            String sample = text.replace("{ordinal}", "0").replace("{name}", "guacd-0");
            if (sample.contains("{") || sample.contains("}"))
                throw new IllegalArgumentException("only {ordinal} and {name} may be used");
            if (sample.equals(text))
                throw new IllegalArgumentException("it names neither {ordinal} nor {name}, so every member"
                        + " would connect to the same host");
            if (!HostNames.isValid(sample))
                throw new IllegalArgumentException(Excerpt.quoted(sample) + " would not be " + HostNames.ACCEPTED);
            return text;
        };
    }

    static Function<String, List<HostPort>> hostPortList(int defaultPort) {
        return text -> {
            List<HostPort> out = new ArrayList<>();
            for (String item : split(text))
                out.add(HostPort.parse(item, defaultPort));
            return Collections.unmodifiableList(out);
        };
    }

    /**
     * Static members: {@code [name=]host[:port][*weight]}, separated by commas or white space.
     * Without a name, the host's first label names the member, as a pod name does.
     */
    static List<Member> members(String text, int defaultPort) {
        List<Member> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> nameByEndpoint = new HashMap<>();
        for (String item : split(text)) {
            String name = null;
            String rest = item;
            int eq = item.indexOf('=');
            if (eq >= 0) {
                name = item.substring(0, eq).trim();
                rest = item.substring(eq + 1).trim();
                if (!HostNames.isValid(name) || name.indexOf(':') >= 0)
                    throw new IllegalArgumentException("member name " + Excerpt.quoted(name) + " in "
                            + Excerpt.quoted(item) + " is not a DNS label or host name");
            }
            int weight = 1;
            int star = rest.lastIndexOf('*');
            if (star >= 0) {
                String w = rest.substring(star + 1);
                try {
                    weight = Integer.parseInt(w);
                }
                catch (NumberFormatException e) {
                    weight = 0;
                }
                if (weight < 1 || weight > 1000)
                    throw new IllegalArgumentException("weight " + Excerpt.quoted(w) + " in " + Excerpt.quoted(item)
                            + " is not a whole number from 1 to 1000");
                rest = rest.substring(0, star);
            }
            HostPort hp = HostPort.parse(rest, defaultPort);
            if (name == null)
                name = defaultMemberName(hp.host());
            if (!names.add(name))
                throw new IllegalArgumentException("member name \"" + name + "\" appears twice");
            // Two names for one guacd would give it two shares of the ring and count its load twice.
            String endpoint = HostNames.endpoint(hp.host(), hp.port());
            String other = nameByEndpoint.putIfAbsent(endpoint, name);
            if (other != null)
                throw new IllegalArgumentException("members \"" + other + "\" and \"" + name + "\" both connect to "
                        + endpoint + "; each member must be a different guacd");
            out.add(new Member(name, hp.host(), hp.port(), weight));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * A member given without a name is named like a pod: by its host's first label. An address has
     * no labels, so it names itself (otherwise 10.0.0.5 and 10.0.0.6 would both be "10").
     */
    static String defaultMemberName(String host) {
        if (HostNames.isValid(host) && !host.matches("[0-9.]+") && host.indexOf(':') < 0)
            return HostNames.firstLabel(host);
        return host;
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        for (String s : LIST_SEPARATOR.split(text.trim())) {
            if (!s.isEmpty())
                out.add(s);
        }
        return out;
    }
}
