package io.guacdaffinity.conf;

/**
 * A value as error messages and log lines quote it: at most {@link #MAX_CHARS} characters, so
 * that a runaway value (a whole file pasted into a property, a forged DNS name) cannot flood a log
 * line or a page.
 */
public final class Excerpt {

    /** Characters of a value shown before it is cut. */
    public static final int MAX_CHARS = 200;

    private Excerpt() {
    }

    /** {@code value} itself when short enough, else its start and how much was left out. */
    public static String of(String value) {
        if (value == null || value.length() <= MAX_CHARS)
            return value;
        return value.substring(0, MAX_CHARS) + "...[" + (value.length() - MAX_CHARS) + " more characters]";
    }

    /** {@link #of} in double quotes. */
    public static String quoted(String value) {
        return "\"" + of(value) + "\"";
    }
}
