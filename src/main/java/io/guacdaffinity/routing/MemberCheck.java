package io.guacdaffinity.routing;

import io.guacdaffinity.ring.Member;

/** Asks a member, now, whether it answers at all: what tells a hung guacd from a request it ignored. */
@FunctionalInterface
public interface MemberCheck {

    /** True when the member answered a health check just now; false (never an exception) when it did not. */
    boolean answersNow(Member member);
}
