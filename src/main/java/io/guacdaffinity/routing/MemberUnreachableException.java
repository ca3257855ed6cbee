package io.guacdaffinity.routing;

/**
 * A connect attempt could not reach its guacd (refused, timed out, or guacd failed before
 * {@code ready}). The router marks the member down and tries the next one.
 */
public final class MemberUnreachableException extends Exception {

    private static final long serialVersionUID = 1L;

    public MemberUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
