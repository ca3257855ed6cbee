package io.guacdaffinity.routing;

/**
 * A connect attempt failed on its guacd before {@code ready}. What the router does next depends on
 * what the failure says about the member (contract 4): only {@link Evidence#MEMBER} marks it down at
 * once; a guacd that accepted the connection and then refused or ignored this request may be fine
 * for everyone else.
 */
public final class MemberUnreachableException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What the failure tells about the member. */
    public enum Evidence {
        /** Refused or timed-out TCP connect, failed TLS handshake, reset or close before guacd's first word. */
        MEMBER,
        /** guacd accepted the connection and said nothing within the timeout: hung, or silent about this request. */
        SILENCE,
        /** guacd answered and then refused or ended this request (an error, an unknown join id). */
        REQUEST
    }

    private final Evidence evidence;

    /** A failure that is evidence about the member. */
    public MemberUnreachableException(String message, Throwable cause) {
        this(message, cause, Evidence.MEMBER);
    }

    public MemberUnreachableException(String message, Throwable cause, Evidence evidence) {
        super(message, cause);
        this.evidence = evidence;
    }

    public Evidence evidence() {
        return evidence;
    }
}
