package io.guacdaffinity.conf;

/**
 * A property value that cannot be accepted; the message names the property, the value (at most
 * {@link Excerpt#MAX_CHARS} characters of it) and what is accepted.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String property;

    public InvalidSettingException(String property, String value, String accepted) {
        super("property " + property + " = " + Excerpt.quoted(value) + " is not accepted: expected " + accepted);
        this.property = property;
    }

    public String property() {
        return property;
    }
}
