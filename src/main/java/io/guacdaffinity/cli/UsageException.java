package io.guacdaffinity.cli;

/** A command line the tool cannot act on; the message is the one line the user sees. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
