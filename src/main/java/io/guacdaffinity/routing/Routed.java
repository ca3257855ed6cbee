package io.guacdaffinity.routing;

/**
 * A successful connect: what it opened, the decision that led there, and the lease that counts it
 * as live until released.
 */
public final class Routed<T> {

    private final T value;
    private final RouteDecision decision;
    private final TunnelLease lease;

    Routed(T value, RouteDecision decision, TunnelLease lease) {
        this.value = value;
        this.decision = decision;
        this.lease = lease;
    }

    public T value() {
        return value;
    }

    public RouteDecision decision() {
        return decision;
    }

    public TunnelLease lease() {
        return lease;
    }
}
