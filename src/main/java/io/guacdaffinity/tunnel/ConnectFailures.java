package io.guacdaffinity.tunnel;

import io.guacdaffinity.routing.MemberUnreachableException;
import io.guacdaffinity.routing.MemberUnreachableException.Evidence;

import org.apache.guacamole.GuacamoleClientException;
import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleUnsupportedException;
import org.apache.guacamole.GuacamoleUpstreamTimeoutException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLException;

/**
 * What a failed connect says about its guacd (contract 4). Client errors (permission, not found,
 * too many connections) and unsupported operations are about the request: they reach the user
 * unchanged and nothing else is tried. Everything else fails over to the next member, and marks the
 * member down only when it is evidence about the member.
 */
public final class ConnectFailures {

    private ConnectFailures() {
    }

    /** A failure to open the TCP connection or TLS session: about the member. */
    public static MemberUnreachableException connecting(GuacamoleException e) throws GuacamoleException {
        passRequestErrors(e);
        return new MemberUnreachableException(e.getMessage(), e, Evidence.MEMBER);
    }

    /**
     * A failure after the connection was open. Before guacd's first word, a timeout is silence
     * (a hung guacd, or a request it ignores, such as a protocol it lacks), and a close is about the
     * member, except for a join, which guacd ends that way when the id does not exist. After its
     * first word, guacd refused this request.
     */
    public static MemberUnreachableException handshaking(GuacamoleException e, boolean answered, boolean join)
            throws GuacamoleException {
        passRequestErrors(e);
        if (answered)
            return new MemberUnreachableException("guacd refused the request: " + e.getMessage(), e, Evidence.REQUEST);
        if (e instanceof GuacamoleUpstreamTimeoutException)
            return new MemberUnreachableException("guacd said nothing within the timeout: " + e.getMessage(), e,
                    Evidence.SILENCE);
        if (join)
            return new MemberUnreachableException("guacd ended the join without a word (no such connection there): "
                    + e.getMessage(), e, Evidence.REQUEST);
        return new MemberUnreachableException("guacd closed the connection before its first instruction: "
                + e.getMessage(), e, Evidence.MEMBER);
    }

    /**
     * A failure of a provider's own connect (JDBC), which opens its socket itself: a refused or
     * unroutable connect and TLS are about the member; a timeout may be either, so it counts as
     * silence; anything else as a refusal of the request.
     */
    public static MemberUnreachableException fromProvider(GuacamoleException e) throws GuacamoleException {
        passRequestErrors(e);
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof NoRouteToHostException
                    || c instanceof UnknownHostException || c instanceof SSLException)
                return new MemberUnreachableException(e.getMessage(), e, Evidence.MEMBER);
        }
        if (e instanceof GuacamoleUpstreamTimeoutException)
            return new MemberUnreachableException(e.getMessage(), e, Evidence.SILENCE);
        return new MemberUnreachableException(e.getMessage(), e, Evidence.REQUEST);
    }

    private static void passRequestErrors(GuacamoleException e) throws GuacamoleException {
        if (e instanceof GuacamoleClientException || e instanceof GuacamoleUnsupportedException)
            throw e;
    }
}
