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

    /**
     * {@code value} with every control character written out, for log lines: a line break in a
     * user or connection name ({@code "alice\nWARN ..."}) would otherwise start a forged log line.
     * {@code \n}, {@code \r} and {@code \t} become those two-character escapes; every other C0 or C1
     * control character, DEL and the Unicode line and paragraph separators become {@code \}{@code uXXXX}.
     * Everything else, backslashes included, is kept as it is, so that a Windows user name (domain,
     * backslash, name) reads as usual. Null stays null.
     */
    public static String printable(String value) {
        if (value == null)
            return null;
        int i = 0;
        while (i < value.length() && !isControl(value.charAt(i)))
            i++;
        if (i == value.length())
            return value;
        StringBuilder out = new StringBuilder(value.length() + 16).append(value, 0, i);
        for (; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isControl(c))
                out.append(c);
            else if (c == '\n')
                out.append("\\n");
            else if (c == '\r')
                out.append("\\r");
            else if (c == '\t')
                out.append("\\t");
            else
                out.append(String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
