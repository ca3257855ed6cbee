package io.guacdaffinity.admin;

import io.guacdaffinity.membership.MembershipStatus;

import java.time.Instant;

/** The membership part of the admin status, from the membership service's own status. */
final class MembershipViews {

    private MembershipViews() {
    }

    static MembershipView of(MembershipStatus status) {
        MembershipView view = new MembershipView(status.source().name(), millis(status.lastSuccess()),
                status.lastError(), millis(status.nextRefresh()));
        view.lastErrorAt = millis(status.lastErrorAt());
        view.failuresSinceAnswer = status.consecutiveFailures();
        return view;
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
