package io.guacdaffinity.tunnel;

import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.GuacdDialer;
import io.guacdaffinity.routing.MemberUnreachableException;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.SimpleGuacamoleTunnel;
import org.apache.guacamole.protocol.ConfiguredGuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleClientInformation;
import org.apache.guacamole.protocol.GuacamoleConfiguration;

/** Opens tunnels to members ourselves, as SimpleConnection would to the default guacd. */
public final class GuacdTunnels {

    private final GuacdDialer dialer;

    public GuacdTunnels(GuacdDialer dialer) {
        this.dialer = dialer;
    }

    /** An open, handshaken tunnel and the {@code $id} guacd gave its session. */
    static final class Opened {

        final GuacamoleTunnel tunnel;
        final String connectionId;

        Opened(GuacamoleTunnel tunnel, String connectionId) {
            this.tunnel = tunnel;
            this.connectionId = connectionId;
        }
    }

    /**
     * Connects to {@code member} and runs the handshake for {@code config} (already token-filtered).
     *
     * @throws MemberUnreachableException the member could not be reached or failed before {@code ready}
     * @throws GuacamoleException guacd refused the request itself (e.g. an unknown join id)
     */
    Opened open(Member member, GuacamoleConfiguration config, GuacamoleClientInformation info)
            throws GuacamoleException, MemberUnreachableException {
        GuacdSocket socket;
        try {
            socket = new GuacdSocket(member.host(), member.port(), dialer);
        }
        catch (GuacamoleException e) {
            throw ConnectFailures.connecting(e);
        }
        try {
            ConfiguredGuacamoleSocket configured = new ConfiguredGuacamoleSocket(socket, config, info);
            socket.established();
            return new Opened(new SimpleGuacamoleTunnel(configured), configured.getConnectionID());
        }
        catch (GuacamoleException e) {
            closeQuietly(socket);
            throw ConnectFailures.handshaking(e, socket.answered(), config.getConnectionID() != null);
        }
        catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private static void closeQuietly(GuacdSocket socket) {
        try {
            socket.close();
        }
        catch (GuacamoleException ignored) {
            // the handshake already failed; that is what gets reported
        }
    }

    boolean ssl() {
        return dialer.ssl();
    }
}
