package io.guacdaffinity.conf;

/**
 * A connection attribute value that cannot be accepted; the message names the attribute, the value
 * (at most {@link Excerpt#MAX_CHARS} characters of it) and what is accepted, so the admin UI can
 * show it as it is.
 */
public final class InvalidAttributeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** What was wrong, so that a user interface can say it in the admin's language. */
    public enum Problem {
        /** The key is none of the accepted words. */
        UNKNOWN_KEY,
        /** The member is not something a member can be called. */
        NOT_A_MEMBER_NAME,
        /** A fixed member on a connection that is not routed. */
        MEMBER_WHILE_OFF,
        /** The member is not in the ring right now. */
        NOT_A_CURRENT_MEMBER
    }

    private final Problem problem;
    private final String attribute;
    private final String value;
    private final String accepted;

    public InvalidAttributeException(Problem problem, String attribute, String value, String accepted) {
        super("connection attribute " + attribute + " = " + Excerpt.quoted(value) + " is not accepted: expected "
                + accepted);
        this.problem = problem;
        this.attribute = attribute;
        this.value = value;
        this.accepted = accepted;
    }

    public Problem problem() {
        return problem;
    }

    public String attribute() {
        return attribute;
    }

    /** The value as given, whole: quote it through {@link Excerpt}. */
    public String value() {
        return value;
    }

    public String accepted() {
        return accepted;
    }
}
