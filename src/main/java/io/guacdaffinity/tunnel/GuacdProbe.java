package io.guacdaffinity.tunnel;

import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.GuacdCheck;
import io.guacdaffinity.routing.GuacdDialer;
import io.guacdaffinity.routing.MemberProbe;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleUpstreamTimeoutException;
import org.apache.guacamole.GuacamoleUpstreamUnavailableException;

/**
 * The health check ({@link GuacdCheck}) as the extension's {@link MemberProbe}: a member that answered
 * or ended the socket is up; one that refused, failed TLS or said nothing within the timeout is not,
 * with the exception Guacamole uses for that kind of failure.
 */
public final class GuacdProbe implements MemberProbe {

    private final GuacdCheck check;

    public GuacdProbe(GuacdDialer dialer) {
        this.check = new GuacdCheck(dialer);
    }

    @Override
    public void probe(Member member) throws GuacamoleException {
        GuacdCheck.Result result = check.check(member);
        if (result.outcome().up())
            return;
        if (result.outcome().timedOut())
            throw new GuacamoleUpstreamTimeoutException(result.detail());
        throw new GuacamoleUpstreamUnavailableException(result.detail());
    }
}
