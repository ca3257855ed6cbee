package io.guacdaffinity.cli;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.HostPort;
import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.AffinityKey;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code route <value>}: the member the extension sends a user (or session, client address or
 * connection, as guacd-affinity-key says) to, and the order failover tries the others. The value
 * is keyed exactly as the extension keys it ({@link AffinityKey}), so both always agree.
 */
final class RouteCommand implements Command {

    @Override
    public String name() {
        return "route";
    }

    @Override
    public String synopsis() {
        return "route VALUE [--members LIST | --properties FILE] [--set NAME=VALUE]... [--format text|tsv]";
    }

    @Override
    public String summary() {
        return "the member the extension sends VALUE to, and its failover order over all members; VALUE is what"
                + " guacd-affinity-key keys on: a user name (user, the default), a client address (client-ip),"
                + " a connection as DATA_SOURCE/ID such as mysql/12 (connection), or a login's session id"
                + " (session); without options: on the seed classroom";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.MEMBERS, Option.PROPERTIES, Option.SET, Option.FORMAT);
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err, Map<String, String> environment) {
        List<String> words = args.positional();
        if (words.isEmpty())
            throw new UsageException("route: what to route? expected " + synopsis());
        if (words.size() > 1)
            throw new UsageException("route: one value expected, not " + words.size() + " (" + String.join(" ", words)
                    + "); quote a value that contains spaces");
        String value = words.get(0);
        if (value.isEmpty())
            throw new UsageException("route: the value is empty; expected a non-empty value such as a user name");
        boolean tsv = OutputFormat.tsv(args);
        CommandConfiguration conf = CommandConfiguration.from(args, environment);
        for (String warning : conf.warnings())
            err.println("warning: " + warning);
        AffinityConfig config = conf.config();
        KeyMode mode = config.keyMode();
        AffinityKey key = AffinityKey.of(mode, value);
        String looksLikeAKey = keyPrefixOf(value);
        if (looksLikeAKey != null)
            err.println("warning: \"" + value + "\" looks like a ring key already; route hashes " + key.text()
                    + " (" + AffinityConfig.KEY.name() + ": " + mode + "); give the bare value, such as \""
                    + value.substring(looksLikeAKey.length() + 1) + "\", unless that really is "
                    + valueName(mode));

        HashRing ring = HashRing.of(conf.members(), config.virtualNodes());
        Member owner = ring.route(key.text());
        List<Member> order = ring.preferenceList(key.text(), ring.size());
        int tried = Math.min(config.maxAttempts(), order.size());
        if (tsv) {
            OutputFormat.record(out, "# route", "key", "member", "host:port");
            OutputFormat.record(out, "route", key.text(), owner.name(), address(owner));
            OutputFormat.record(out, "# order", "rank", "member", "host:port", "tried");
            for (int i = 0; i < order.size(); i++)
                OutputFormat.record(out, "order", String.valueOf(i + 1), order.get(i).name(), address(order.get(i)),
                        String.valueOf(i < tried));
            OutputFormat.record(out, "# members", "origin", "members", "virtual-nodes");
            OutputFormat.record(out, "members", conf.membersOrigin(), String.valueOf(ring.size()),
                    String.valueOf(ring.virtualNodes()));
            return Cli.OK;
        }
        out.println(key.text() + " \u2192 " + owner.name() + " (" + address(owner) + ")");
        out.println();
        out.println("Failover order (a connect tries the first " + tried + ", "
                + AffinityConfig.MAX_ATTEMPTS.name() + " = " + config.maxAttempts() + "):");
        TextTable table = new TextTable(3, "", "member", "host:port");
        for (int i = 0; i < order.size(); i++)
            table.row((i + 1) + ".", order.get(i).name(), address(order.get(i)));
        String[] lines = table.render().split("\n");
        for (int i = 1; i < lines.length; i++)
            out.println("  " + lines[i]);
        out.println();
        out.println("Members  " + conf.membersOrigin() + " (" + ring.size() + ", " + ring.virtualNodes()
                + " virtual nodes per unit of weight)");
        out.println("Key      " + key.text() + ": under " + AffinityConfig.KEY.name() + ": " + mode
                + " the extension keys a connect by " + valueName(mode) + ", here \"" + value + "\"");
        out.println("         This is the key's home while every member is up. A key with a tunnel open joins it"
                + " there; with bounded load on, a full member passes the key to the next one in this order.");
        return Cli.OK;
    }

    /** The mode word {@code value} starts with followed by a colon, or null. */
    private static String keyPrefixOf(String value) {
        for (KeyMode m : KeyMode.values()) {
            if (value.startsWith(m.value() + ":"))
                return m.value();
        }
        return null;
    }

    private static String valueName(KeyMode mode) {
        switch (mode) {
            case SESSION:
                return "the session id it mints for each login";
            case CLIENT_IP:
                return "the client's address";
            case CONNECTION:
                return "the connection's data source and identifier";
            case USER:
            default:
                return "the user name";
        }
    }

    static String address(Member m) {
        return new HostPort(m.host(), m.port()).toString();
    }
}
