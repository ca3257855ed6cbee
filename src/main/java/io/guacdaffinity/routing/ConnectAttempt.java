package io.guacdaffinity.routing;

import io.guacdaffinity.ring.Member;

/**
 * Opens something (a tunnel) on one chosen member.
 *
 * @param <T> what a successful attempt yields
 * @param <E> what an attempt may throw that is not about reachability (permissions, bad configuration)
 */
@FunctionalInterface
public interface ConnectAttempt<T, E extends Exception> {

    /**
     * @throws MemberUnreachableException when the member could not be reached: the router tries the next one
     * @throws E anything else, passed to the caller unchanged
     */
    T connect(Member member) throws MemberUnreachableException, E;
}
