package io.guacdaffinity.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** One command of the command line, such as {@code plan}. */
interface Command {

    String name();

    /** The command and its options as the usage text shows them. */
    String synopsis();

    /** What the command does, in one sentence. */
    String summary();

    List<Option> options();

    /** Options that may be given more than once. */
    default List<Option> repeatable() {
        return List.of(Option.SET);
    }

    /**
     * Runs the command.
     *
     * @param environment the process environment, for GUACD_AFFINITY_* variables
     * @return the exit code
     * @throws UsageException when the arguments or properties cannot be acted on
     */
    int run(Arguments arguments, PrintStream out, PrintStream err, Map<String, String> environment);
}
