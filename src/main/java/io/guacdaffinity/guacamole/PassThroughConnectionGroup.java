package io.guacdaffinity.guacamole;

import io.guacdaffinity.conf.Excerpt;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.ConnectionGroup;
import org.apache.guacamole.net.auth.DelegatingConnectionGroup;
import org.apache.guacamole.protocol.GuacamoleClientInformation;

import java.util.Map;

/**
 * A connection group left to its provider: a balancing group picks and connects its child inside the
 * provider, out of reach of a decorator. Noted once so admins know those tunnels are not routed.
 */
final class PassThroughConnectionGroup extends DelegatingConnectionGroup {

    private final AffinityService service;

    PassThroughConnectionGroup(ConnectionGroup group, AffinityService service) {
        super(group);
        this.service = service;
    }

    ConnectionGroup getUndecorated() {
        return getDelegateConnectionGroup();
    }

    @Override
    public GuacamoleTunnel connect(GuacamoleClientInformation info, Map<String, String> tokens)
            throws GuacamoleException {
        service.notes().noteOnce("group:" + getDelegateConnectionGroup().getClass().getName(),
                "guacd-affinity: connection group \"{}\" (id {}, {}) connects through its own provider; balancing groups"
                        + " choose and connect their child internally, so their tunnels are not routed",
                Excerpt.printable(getName()), Excerpt.printable(getIdentifier()),
                getDelegateConnectionGroup().getClass().getName());
        return super.connect(info, tokens);
    }
}
