package io.guacdaffinity.conf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Writes the property reference of docs/configuration.md and etc/guacamole.properties from
 * {@link AffinityConfig#ALL}, between BEGIN/END GENERATED markers; text outside them is left alone.
 *
 * <pre>
 * mvn -B -q test-compile
 * java -cp target/classes:target/test-classes io.guacdaffinity.conf.PropertyDocs          # print both
 * java -cp target/classes:target/test-classes io.guacdaffinity.conf.PropertyDocs --write  # update both files
 * </pre>
 */
public final class PropertyDocs {

    static final Path MARKDOWN = Paths.get("docs", "configuration.md");
    static final Path PROPERTIES = Paths.get("etc", "guacamole.properties");

    static final String MARKDOWN_BEGIN = "<!-- BEGIN GENERATED PROPERTIES (PropertyDocs; do not edit by hand) -->";
    static final String MARKDOWN_END = "<!-- END GENERATED PROPERTIES -->";
    static final String PROPERTIES_BEGIN = "# ---- BEGIN GENERATED PROPERTIES (PropertyDocs; do not edit by hand) ----";
    static final String PROPERTIES_END = "# ---- END GENERATED PROPERTIES ----";

    static final String REGENERATE = "mvn -B -q test-compile && java -cp target/classes:target/test-classes"
            + " io.guacdaffinity.conf.PropertyDocs --write";

    private static final int WIDTH = 100;

    private PropertyDocs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("--write")) {
            rewrite(MARKDOWN, MARKDOWN_BEGIN, MARKDOWN_END, markdown());
            rewrite(PROPERTIES, PROPERTIES_BEGIN, PROPERTIES_END, properties());
            System.out.println("updated " + MARKDOWN + " and " + PROPERTIES);
        }
        else if (args.length == 0) {
            System.out.print(markdown());
            System.out.println();
            System.out.print(properties());
        }
        else {
            System.err.println("usage: PropertyDocs [--write]   (run from the repository root)");
            System.exit(2);
        }
    }

    /** The summary table and one section per property, for docs/configuration.md. */
    static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| property | default | environment variable |\n");
        out.append("|---|---|---|\n");
        for (Setting<?> s : AffinityConfig.ALL) {
            out.append("| [`").append(s.name()).append("`](#").append(s.name()).append(") | ")
                    .append(markdownDefault(s)).append(" | `").append(s.environmentVariable()).append("` |\n");
        }
        for (Setting<?> s : AffinityConfig.ALL) {
            out.append('\n');
            out.append("### ").append(s.name()).append('\n');
            out.append('\n');
            out.append(escape(s.description())).append('\n');
            out.append('\n');
            out.append("- Default: ").append(markdownDefault(s)).append('\n');
            out.append("- Accepted: ").append(escape(s.accepted())).append('\n');
            out.append("- Environment variable: `").append(s.environmentVariable()).append("`\n");
        }
        return out.toString();
    }

    /** Every property, commented out with its default, for etc/guacamole.properties. */
    static String properties() {
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (Setting<?> s : AffinityConfig.ALL) {
            if (!first)
                out.append("#\n");
            first = false;
            out.append(wrap(s.description(), "# ", "# ")).append('\n');
            out.append(wrap(s.accepted(), "#   Accepted: ", "#     ")).append('\n');
            out.append("#   Environment variable: ").append(s.environmentVariable()).append('\n');
            out.append('#').append(s.name()).append(':')
                    .append(s.defaultText().isEmpty() ? "" : " " + s.defaultText()).append('\n');
        }
        return out.toString();
    }

    static String markdownDefault(Setting<?> s) {
        return s.defaultText().isEmpty() ? "*(empty)*" : "`" + s.defaultText() + "`";
    }

    /** Markdown-escapes prose that contains brackets, stars and underscores. */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ("\\*_[]<>|`".indexOf(c) >= 0)
                out.append('\\');
            out.append(c);
        }
        return out.toString();
    }

    /** {@code text} in lines of at most {@link #WIDTH} characters, the first after {@code first}, the rest after {@code next}. */
    private static String wrap(String text, String first, String next) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(first);
        int start = first.length();
        for (String word : text.split(" ")) {
            if (line.length() > start && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder(next);
                start = next.length();
            }
            if (line.length() > start)
                line.append(' ');
            line.append(word);
        }
        return out.append(line).toString();
    }

    /** The text between {@code begin} and {@code end} in {@code text}, without the marker lines. */
    static String region(String text, String begin, String end) {
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b)
            return null;
        return text.substring(b + begin.length() + 1, e);
    }

    private static void rewrite(Path file, String begin, String end, String generated) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b)
            throw new IOException(file + " lacks the lines\n" + begin + "\n" + end);
        String updated = text.substring(0, b + begin.length()) + "\n" + generated + text.substring(e);
        Files.write(file, updated.getBytes(StandardCharsets.UTF_8));
    }
}
