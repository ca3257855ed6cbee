package io.guacdaffinity.membership;

/** Where the members of the current ring came from. */
public enum RingSource {
    /** DNS SRV records of guacd-affinity-srv. */
    SRV,
    /** guacd-affinity-members, because no SRV name is set. */
    STATIC,
    /** guacd-affinity-members standing in for an SRV name that failed or stayed empty. */
    FALLBACK,
    /** Nothing: there are no members and connects fail with a clear error. */
    NONE
}
