package io.guacdaffinity.admin;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Where the member list comes from and how fresh it is. */
public final class MembershipView {

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

    public MembershipView() {
    }

    public MembershipView(String source, Long lastRefresh, String lastError, Long nextRefresh) {
        this.source = source;
        this.lastRefresh = lastRefresh;
        this.lastError = lastError;
        this.nextRefresh = nextRefresh;
    }
}
