package io.guacdaffinity.guacamole;

import io.guacdaffinity.routing.MemberUnreachableException;

import org.apache.guacamole.GuacamoleClientException;
import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleServerException;
import org.apache.guacamole.GuacamoleUnsupportedException;
import org.apache.guacamole.GuacamoleUpstreamException;

/**
 * Tells a guacd that could not be reached apart from a refusal that another member would repeat.
 * Before {@code ready}, an upstream or server error (refused, timed out, closed, guacd's own error)
 * is about the member; client errors (permission, not found, too many connections) and unsupported
 * operations are about the request, so they reach the user unchanged and mark nothing down.
 */
final class ConnectFailures {

    private ConnectFailures() {
    }

    static boolean isUnreachable(GuacamoleException e) {
        if (e instanceof GuacamoleClientException || e instanceof GuacamoleUnsupportedException)
            return false;
        return e instanceof GuacamoleUpstreamException || e instanceof GuacamoleServerException;
    }

    /** Rethrows {@code e} as a reason to try the next member, or unchanged. */
    static MemberUnreachableException classify(GuacamoleException e) throws GuacamoleException {
        if (isUnreachable(e))
            return new MemberUnreachableException(e.getMessage(), e);
        throw e;
    }
}
