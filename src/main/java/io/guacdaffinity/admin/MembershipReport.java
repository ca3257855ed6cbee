package io.guacdaffinity.admin;

import io.guacdaffinity.membership.MembershipStatus;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Where the member list comes from and how fresh it is. */
public final class MembershipReport {

    /** Every value of {@link #source}; the page translates each (GUACD_AFFINITY.SOURCE_...). */
    public static final List<String> SOURCES = Collections.unmodifiableList(
            Arrays.asList("SRV", "STATIC", "FALLBACK", "NONE"));

    /** SRV, STATIC, FALLBACK or NONE (no members at all). */
    public String source;
    /** Epoch milliseconds of the last successful refresh; null before the first. */
    public Long lastRefresh;
    /** The most recent refresh error, or null when none happened yet. */
    public String lastError;
    /** Epoch milliseconds of {@link #lastError}; null when none happened yet. */
    public Long lastErrorAt;
    /** Look-ups that failed since the last answer; 0 while DNS answers. */
    public int failuresSinceAnswer;
    /** Epoch milliseconds of the next planned refresh; null for a static list. */
    public Long nextRefresh;

    public MembershipReport() {
    }

    public MembershipReport(String source, Long lastRefresh, String lastError, Long nextRefresh) {
        this.source = source;
        this.lastRefresh = lastRefresh;
        this.lastError = lastError;
        this.nextRefresh = nextRefresh;
    }

    /** The report of the membership service's own status. */
    static MembershipReport of(MembershipStatus status) {
        MembershipReport report = new MembershipReport(status.source().name(), millis(status.lastSuccess()),
                status.lastError(), millis(status.nextRefresh()));
        report.lastErrorAt = millis(status.lastErrorAt());
        report.failuresSinceAnswer = status.consecutiveFailures();
        return report;
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
