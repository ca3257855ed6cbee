package io.guacdaffinity.membership;

/**
 * Where ring members come from: DNS SRV records or the static list. One call to
 * {@link #resolve()} is one look-up; the refresh loop decides what to do with its outcome.
 */
public interface MemberSource extends AutoCloseable {

    /**
     * Looks the members up once.
     *
     * @return the members found (possibly none: an empty answer is not a failure), with the TTL
     *         the answer may be trusted for and a warning per record that was skipped
     * @throws MemberSourceException when no answer could be had at all (timeout, SERVFAIL, server
     *         down), with one line saying which server failed and how
     */
    Resolution resolve() throws MemberSourceException;

    /** What this source asks, for logs and the doctor command, e.g. the SRV name and servers. */
    String describe();

    /** Lets go of what the look-ups hold (a DNS client's sockets); a static list holds nothing. */
    @Override
    default void close() {
    }
}
