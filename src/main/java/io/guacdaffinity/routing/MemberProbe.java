package io.guacdaffinity.routing;

import io.guacdaffinity.ring.Member;

/** One health check of one member: a TCP connect and a handshake a live guacd answers at once. */
@FunctionalInterface
public interface MemberProbe {

    /**
     * Returns when the member answered.
     *
     * @throws Exception naming what failed: refused, timed out, silent, TLS
     */
    void probe(Member member) throws Exception;
}
