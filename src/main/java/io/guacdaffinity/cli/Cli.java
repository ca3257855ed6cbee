package io.guacdaffinity.cli;

import io.guacdaffinity.conf.ConfigurationException;
import io.guacdaffinity.conf.Excerpt;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line: {@code plan} and {@code route} on the same ring and configuration the
 * extension uses, without Guacamole. Exit codes: 0 done, 1 the command failed, 2 the command line
 * or a property was not accepted.
 */
public final class Cli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    /** Every command, in the order help lists them. A new command is one more line here. */
    private static final Map<String, Command> COMMANDS = commands(
            new PlanCommand(),
            new RouteCommand(),
            new DoctorCommand());

    private Cli() {
    }

    /** Every command, as help lists them. */
    static java.util.Collection<Command> commands() {
        return COMMANDS.values();
    }

    private static Map<String, Command> commands(Command... commands) {
        Map<String, Command> out = new LinkedHashMap<>();
        for (Command c : commands)
            out.put(c.name(), c);
        return out;
    }

    public static void main(String[] args) {
        // Tables use arrows and ellipses; write UTF-8 whatever the platform default is.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs one command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /** As {@link #run(String[], PrintStream, PrintStream)}, with the environment given. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
        List<String> words = Arrays.asList(args);
        String name = words.isEmpty() ? "plan" : words.get(0);
        List<String> rest = words.isEmpty() ? List.of() : words.subList(1, words.size());
        if (name.equals("help") || name.equals("--help") || name.equals("-h") || rest.contains("--help")
                || rest.contains("-h")) {
            out.print(usage());
            return OK;
        }
        Command command = COMMANDS.get(name);
        if (command == null) {
            err.println("guacd-affinity: unknown command " + Excerpt.quoted(name) + "; accepted: "
                    + String.join(", ", COMMANDS.keySet()) + ", help");
            return USAGE;
        }
        try {
            Arguments arguments = Arguments.parse(name, rest, command.options(), command.repeatable());
            return command.run(arguments, out, err, environment);
        }
        catch (UsageException e) {
            err.println("guacd-affinity " + e.getMessage());
            return USAGE;
        }
        catch (ConfigurationException e) {
            for (String problem : e.problems())
                err.println("guacd-affinity " + name + ": " + problem);
            return USAGE;
        }
        catch (IllegalArgumentException e) {
            // The ring and the parsers say what they refused, such as a scaled ring too large to build.
            err.println("guacd-affinity " + name + ": " + e.getMessage());
            return USAGE;
        }
        catch (NoClassDefFoundError e) {
            if (String.valueOf(e.getMessage()).startsWith("org/slf4j/")) {
                err.println("guacd-affinity " + name + ": this command needs slf4j-api, which was not found; set"
                        + " GUACD_AFFINITY_SLF4J to an slf4j-api JAR (Guacamole's WEB-INF/lib has one)");
                return FAILED;
            }
            throw e;
        }
    }

    /** Every command with its options, as {@code help} prints it. */
    static String usage() {
        StringBuilder text = new StringBuilder();
        String jar = "java -jar " + jarName();
        text.append("guacd-affinity: plan and check guacd routing from a shell, with the extension's own ring\n");
        text.append("and configuration (no Guacamole needed).\n\n");
        text.append("usage: ").append(jar).append(" [COMMAND] [OPTIONS]    (no command: plan)\n\n");
        text.append("commands:\n");
        for (Command c : COMMANDS.values()) {
            text.append("  ").append(c.synopsis()).append('\n');
            text.append(wrap(c.summary(), "      ")).append('\n');
        }
        text.append("  help\n      this text (also --help after any command)\n\n");
        text.append("options:\n");
        Map<String, Option> all = new LinkedHashMap<>();
        for (Command c : COMMANDS.values()) {
            for (Option o : c.options())
                all.putIfAbsent(o.name(), o);
        }
        for (Option o : all.values()) {
            StringBuilder usedBy = new StringBuilder();
            for (Command c : COMMANDS.values()) {
                if (c.options().contains(o))
                    usedBy.append(usedBy.length() == 0 ? "" : ", ").append(c.name());
            }
            text.append("  ").append(o.name()).append(' ').append(o.valueName()).append("   (")
                    .append(usedBy).append(")\n");
            text.append(wrap(o.help(), "      ")).append('\n');
        }
        text.append("\nexit codes: 0 done, 1 failed, 2 a command, option or property was not accepted.\n");
        text.append("Properties: docs/configuration.md; an annotated example: etc/guacamole.properties.\n");
        return text.toString();
    }

    private static String wrap(String text, String indent) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > 100) {
                out.append(line).append('\n');
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length())
                line.append(' ');
            line.append(word);
        }
        return out.append(line).toString();
    }

    /** The JAR's file name when running from one, so that the usage text can be pasted. */
    private static String jarName() {
        try {
            String path = Cli.class.getProtectionDomain().getCodeSource().getLocation().getPath();
            String file = Paths.get(path).getFileName().toString();
            if (file.endsWith(".jar"))
                return file;
        }
        catch (RuntimeException e) {
            // no code source: fall back to the generic name
        }
        return "guacd-affinity.jar";
    }
}
