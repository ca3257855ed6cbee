package io.guacdaffinity.cli;

/** One {@code --name VALUE} option of a command, with the words the usage text and errors print. */
final class Option {

    static final Option MEMBERS = new Option("--members", "LIST",
            "guacd members [name=]host[:port][*weight], separated by commas; overrides guacd-affinity-members");
    static final Option PROPERTIES = new Option("--properties", "FILE",
            "read guacd-affinity-* from this guacamole.properties (or GUACAMOLE_HOME directory), and from"
                    + " GUACD_AFFINITY_* environment variables when it sets enable-environment-properties: true");
    static final Option SET = new Option("--set", "NAME=VALUE",
            "set one guacd-affinity-* property, above the file and the environment (repeatable)");
    static final Option USERS = new Option("--users", "N",
            "how many users to place (PREFIX01, PREFIX02, ..., keyed as guacd-affinity-key says); default 60");
    static final Option SCALE = new Option("--scale", "SIZES",
            "member counts to compare with, separated by commas, such as 5,10; new members are named like the"
                    + " existing ones; default: the seed's class sizes 3, 5 and 10 other than the current one");
    static final Option KEY_PREFIX = new Option("--key-prefix", "PREFIX",
            "prefix of the generated user names (or client addresses, connections, sessions, as"
                    + " guacd-affinity-key says); default student-");

    static final Option FORMAT = new Option("--format", "FORMAT",
            "text (default), for people, or tsv, for scripts: one record per line, tab-separated, its kind"
                    + " first; lines starting with # name the columns");

    private final String name;
    private final String valueName;
    private final String help;

    Option(String name, String valueName, String help) {
        this.name = name;
        this.valueName = valueName;
        this.help = help;
    }

    String name() {
        return name;
    }

    String valueName() {
        return valueName;
    }

    String help() {
        return help;
    }

    @Override
    public String toString() {
        return name;
    }
}
