package io.guacdaffinity.cli;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.HostPort;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code route <key>}: the member a key lands on and the order failover tries the others. */
final class RouteCommand implements Command {

    @Override
    public String name() {
        return "route";
    }

    @Override
    public String synopsis() {
        return "route KEY [--members LIST | --properties FILE] [--set NAME=VALUE]...";
    }

    @Override
    public String summary() {
        return "the member KEY (under guacd-affinity-key: user, a user name) lands on, and its failover order"
                + " over all members; without options: on the seed classroom";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.MEMBERS, Option.PROPERTIES, Option.SET);
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err, Map<String, String> environment) {
        List<String> words = args.positional();
        if (words.isEmpty())
            throw new UsageException("route: which key? expected " + synopsis());
        if (words.size() > 1)
            throw new UsageException("route: one key expected, not " + words.size() + " (" + String.join(" ", words)
                    + "); quote a key that contains spaces");
        String key = words.get(0);
        if (key.isEmpty())
            throw new UsageException("route: the key is empty; expected a non-empty key such as a user name");
        CommandConfiguration conf = CommandConfiguration.from(args, environment);
        for (String warning : conf.warnings())
            err.println("warning: " + warning);
        AffinityConfig config = conf.config();

        HashRing ring = HashRing.of(conf.members(), config.virtualNodes());
        Member owner = ring.route(key);
        List<Member> order = ring.preferenceList(key, ring.size());
        out.println(key + " \u2192 " + owner.name() + " (" + address(owner) + ")");
        out.println();
        int tried = Math.min(config.maxAttempts(), order.size());
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
        out.println("Key      hashed as given; under " + AffinityConfig.KEY.name() + ": " + config.keyMode()
                + " the extension uses " + keyMeaning(config) + ".");
        return Cli.OK;
    }

    private static String keyMeaning(AffinityConfig config) {
        switch (config.keyMode()) {
            case USER:
                return "the user name";
            case SESSION:
                return "one key per Guacamole login";
            case CLIENT_IP:
                return "the client's address";
            case CONNECTION:
                return "the connection";
            default:
                return "its own key";
        }
    }

    static String address(Member m) {
        return new HostPort(m.host(), m.port()).toString();
    }
}
