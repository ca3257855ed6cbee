package io.guacdaffinity.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One run of {@link Cli#run}: exit code and what it printed. */
final class CliRun {

    final int code;
    final String out;
    final String err;

    private CliRun(int code, String out, String err) {
        this.code = code;
        this.out = out;
        this.err = err;
    }

    static CliRun run(String... args) {
        return run(Map.of(), args);
    }

    static CliRun run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Cli.run(args, o, e, environment);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * The lines of the table that starts with a line beginning with {@code firstLinePrefix}, up to a
     * blank line or the notes under it.
     */
    List<String> block(String firstLinePrefix) {
        return block(out, firstLinePrefix, true);
    }

    /** The lines from the one beginning with {@code firstLinePrefix} up to a blank line. */
    List<String> paragraph(String firstLinePrefix) {
        return block(out, firstLinePrefix, false);
    }

    static List<String> block(String text, String firstLinePrefix, boolean stopAtNotes) {
        List<String> lines = Arrays.asList(text.split("\n", -1));
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : lines) {
            if (!in && line.startsWith(firstLinePrefix))
                in = true;
            if (in) {
                if (line.isBlank() || stopAtNotes && (line.startsWith("peak/mean ") || line.startsWith("(")))
                    break;
                out.add(line);
            }
        }
        if (out.isEmpty())
            throw new AssertionError("no block starting with \"" + firstLinePrefix + "\" in:\n" + text);
        return out;
    }

    /** White-space separated cells of a table line. */
    static String[] cells(String line) {
        return line.trim().split("\\s+");
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
}
