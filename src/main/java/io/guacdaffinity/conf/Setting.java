package io.guacdaffinity.conf;

import java.util.Locale;
import java.util.function.Function;

/**
 * One {@code guacd-affinity-*} property: its name, default, what it accepts, and how to parse it.
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {

    private final String name;
    private final String defaultText;
    private final String accepted;
    private final String description;
    private final Function<String, T> parser;

    Setting(String name, String defaultText, String accepted, String description, Function<String, T> parser) {
        this.name = name;
        this.defaultText = defaultText;
        this.accepted = accepted;
        this.description = description;
        this.parser = parser;
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

    /** Guacamole's rule for enable-environment-properties: upper case, '-' becomes '_'. */
    public String environmentVariable() {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
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

    @Override
    public String toString() {
        return name;
    }
}
