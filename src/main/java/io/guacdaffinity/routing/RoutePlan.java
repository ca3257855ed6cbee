package io.guacdaffinity.routing;

import io.guacdaffinity.conf.ConnectionAffinity;
import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.ring.HashRing;

/**
 * What one connection's attributes make of a connect, decided the same way for the connect itself
 * and for the admin's explain call: not routed, sent to its fixed member, or routed by its key.
 */
public final class RoutePlan {

    private final boolean off;
    private final KeyMode keyMode;
    private final String fixedMember;
    private final String staleMember;

    private RoutePlan(boolean off, KeyMode keyMode, String fixedMember, String staleMember) {
        this.off = off;
        this.keyMode = keyMode;
        this.fixedMember = fixedMember;
        this.staleMember = staleMember;
    }

    /**
     * @param ring the ring in force (null when empty): a fixed member outside it is stale, and the
     *             connection falls back to its key
     */
    public static RoutePlan of(ConnectionAffinity affinity, KeyMode global, HashRing ring) {
        if (affinity.off())
            return new RoutePlan(true, null, null, null);
        KeyMode mode = affinity.keyMode(global);
        String fixed = affinity.fixedMember().orElse(null);
        if (fixed != null && (ring == null || ring.member(fixed) == null))
            return new RoutePlan(false, mode, null, fixed);
        return new RoutePlan(false, mode, fixed, null);
    }

    /** The connection is not routed: its provider's own guacd settings apply. */
    public boolean off() {
        return off;
    }

    /** The key mode this connection is routed by (null when off). */
    public KeyMode keyMode() {
        return keyMode;
    }

    /** The member every tunnel goes to, or null to route by key. */
    public String fixedMember() {
        return fixedMember;
    }

    /** A fixed member that is not in the ring now (the connect routes by key instead), or null. */
    public String staleMember() {
        return staleMember;
    }
}
