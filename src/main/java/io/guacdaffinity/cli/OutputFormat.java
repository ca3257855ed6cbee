package io.guacdaffinity.cli;

import io.guacdaffinity.conf.Excerpt;

import java.io.PrintStream;

/** {@code --format}: text for people, or tab-separated records for scripts and tests. */
final class OutputFormat {

    private OutputFormat() {
    }

    /** Whether {@code --format tsv} was given; text is the default. */
    static boolean tsv(Arguments args) {
        String format = args.has(Option.FORMAT) ? args.value(Option.FORMAT) : "text";
        if (!format.equals("text") && !format.equals("tsv"))
            throw new UsageException(args.command() + ": option --format = " + Excerpt.quoted(format)
                    + " is not accepted: expected text or tsv");
        return format.equals("tsv");
    }

    /** One record: its kind first, then its values, separated by tabs. */
    static void record(PrintStream out, String... cells) {
        out.println(String.join("\t", cells));
    }
}
