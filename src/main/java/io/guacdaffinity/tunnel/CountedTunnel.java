package io.guacdaffinity.tunnel;

import io.guacdaffinity.routing.TunnelLease;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.DelegatingGuacamoleTunnel;
import org.apache.guacamole.net.GuacamoleTunnel;

/**
 * A tunnel counted as live on its member until it closes, however it closes: Guacamole closes every
 * tunnel it hands out (client gone, guacd gone, error), and a tunnel seen closed is released too.
 */
public final class CountedTunnel extends DelegatingGuacamoleTunnel {

    private final TunnelLease lease;
    private final Runnable onRelease;
    private final String connectionId;

    CountedTunnel(GuacamoleTunnel tunnel, TunnelLease lease, Runnable onRelease) {
        this(tunnel, lease, onRelease, null);
    }

    CountedTunnel(GuacamoleTunnel tunnel, TunnelLease lease, Runnable onRelease, String connectionId) {
        super(tunnel);
        this.lease = lease;
        this.onRelease = onRelease;
        this.connectionId = connectionId;
    }

    /** The {@code $id} guacd gave the session when we opened the tunnel ourselves; null otherwise. */
    public String connectionId() {
        return connectionId;
    }

    /** The member this tunnel is counted on. */
    String member() {
        return lease.member();
    }

    @Override
    public void close() throws GuacamoleException {
        try {
            super.close();
        }
        finally {
            release();
        }
    }

    @Override
    public boolean isOpen() {
        boolean open = super.isOpen();
        if (!open)
            release();
        return open;
    }

    private void release() {
        if (lease.release())
            onRelease.run();
    }
}
