package io.guacdaffinity.tunnel;

import io.guacdaffinity.conf.GuacdTrustStore;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.MemberProbe;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleUpstreamTimeoutException;
import org.apache.guacamole.protocol.GuacamoleInstruction;

/**
 * The health check: a TCP connect (and the TLS handshake when TLS is on), then a {@code select} of a
 * connection id that cannot exist. A live guacd answers that at once without starting a connection
 * process: it ends the socket (or sends an error) and logs that no such connection exists, naming
 * the id below so that an operator reading guacd's log knows where it came from. A guacd that accepts
 * and then says nothing within the timeout is hung.
 */
public final class GuacdProbe implements MemberProbe {

    /** What the check asks guacd to join; guacd's own ids are {@code $} and a UUID, so this one never exists. */
    static final String CHECK_ID = "$guacd-affinity-health-check";

    private final boolean ssl;
    private final GuacdTrustStore trust;
    private final int timeoutMillis;

    /** @param trust the CAs to trust for guacd's certificate; null for the JVM's */
    public GuacdProbe(boolean ssl, GuacdTrustStore trust, int timeoutMillis) {
        this.ssl = ssl;
        this.trust = trust;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void probe(Member member) throws GuacamoleException {
        GuacdSocket socket = new GuacdSocket(member.host(), member.port(), ssl, trust, timeoutMillis);
        try {
            socket.getWriter().writeInstruction(new GuacamoleInstruction("select", CHECK_ID));
            try {
                socket.getReader().readInstruction();
            }
            catch (GuacamoleUpstreamTimeoutException e) {
                throw new GuacamoleUpstreamTimeoutException("guacd accepted the connection but said nothing within "
                        + timeoutMillis + " ms", e);
            }
            catch (GuacamoleException e) {
                // guacd ended the socket: that is its answer to an id it does not have
            }
        }
        finally {
            try {
                socket.close();
            }
            catch (GuacamoleException ignored) {
                // the check is over either way
            }
        }
    }
}
