package io.guacdaffinity.conf;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code guacd-affinity-*} property: its name, default, what it accepts, and how to parse it.
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {

    /**
     * Word groups as Guacamole's TokenName forms them: a capitalised word, a digit run, an
     * upper-case run not followed by lower case, a lower-case run, or any other run of word characters.
     */
    private static final Pattern ENV_WORD_GROUP = Pattern.compile(
            "\\p{javaUpperCase}\\p{javaLowerCase}+|[0-9]+|\\p{javaUpperCase}+(?!\\p{javaLowerCase})"
                    + "|\\p{javaLowerCase}+|\\b\\w+\\b");

    private final String name;
    private final String defaultText;
    private final String accepted;
    private final String description;
    private final Function<String, T> parser;
    private final Function<T, String> printer;

    Setting(String name, String defaultText, String accepted, String description, Function<String, T> parser) {
        this(name, defaultText, accepted, description, parser, String::valueOf);
    }

    /** @param printer writes a parsed value back as an admin would write it, for the status page */
    Setting(String name, String defaultText, String accepted, String description, Function<String, T> parser,
            Function<T, String> printer) {
        this.name = name;
        this.defaultText = defaultText;
        this.accepted = accepted;
        this.description = description;
        this.parser = parser;
        this.printer = printer;
    }

    public String name() {
        return name;
    }

    /** The default as an admin would write it ("" when unset by default). */
    public String defaultText() {
        return defaultText;
    }

    /** What values are accepted, in words. */
    public String accepted() {
        return accepted;
    }

    public String description() {
        return description;
    }

    /**
     * The environment variable Guacamole reads this property from when guacamole.properties sets
     * {@code enable-environment-properties: true}. Guacamole (1.5, 1.6) splits the name into word
     * groups (runs of letters, runs of digits), upper-cases them and joins them with '_', so
     * {@code guacd-affinity-srv} is {@code GUACD_AFFINITY_SRV} and a digit run is a word of its own.
     */
    public String environmentVariable() {
        return environmentVariable(name);
    }

    /** The environment variable of any Guacamole property name; see {@link #environmentVariable()}. */
    public static String environmentVariable(String propertyName) {
        StringBuilder out = new StringBuilder();
        Matcher group = ENV_WORD_GROUP.matcher(propertyName);
        while (group.find()) {
            if (out.length() > 0)
                out.append('_');
            out.append(group.group().toUpperCase(Locale.ROOT));
        }
        return out.length() == 0 ? propertyName.toUpperCase(Locale.ROOT) : out.toString();
    }

    /**
     * Parses the value found by {@code lookup}, or the default when it is unset or blank.
     *
     * @throws InvalidSettingException naming the property, the value and what is accepted
     */
    public T read(PropertyLookup lookup) {
        String raw = lookup.get(name);
        String text = raw == null || raw.trim().isEmpty() ? defaultText : raw.trim();
        try {
            return parser.apply(text);
        }
        catch (InvalidSettingException e) {
            throw e;
        }
        catch (IllegalArgumentException e) {
            String detail = e.getMessage() == null ? accepted : accepted + " (" + e.getMessage() + ")";
            throw new InvalidSettingException(name, text, detail);
        }
    }

    /** {@code value} (as {@link #read} returned it) written as an admin would write it. */
    public String print(T value) {
        return printer.apply(value);
    }

    @Override
    public String toString() {
        return name;
    }
}
