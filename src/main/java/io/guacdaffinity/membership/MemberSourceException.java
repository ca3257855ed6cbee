package io.guacdaffinity.membership;

/** A look-up that produced no answer at all. The message is one line naming what failed. */
public final class MemberSourceException extends Exception {

    private static final long serialVersionUID = 1L;

    public MemberSourceException(String message) {
        super(message);
    }
}
