package io.guacdaffinity.membership;

import io.guacdaffinity.ring.Member;

import java.time.Instant;
import java.util.List;

/** What membership looks like right now, for status pages, the doctor command and tests. Immutable. */
public final class MembershipStatus {

    private final List<Member> members;
    private final RingSource source;
    private final String asking;
    private final String lastAnswer;
    private final Instant lastSuccess;
    private final String lastError;
    private final Instant lastErrorAt;
    private final int consecutiveFailures;
    private final Instant nextRefresh;
    private final long lastTtlSeconds;
    private final Instant emptySince;
    private final List<String> warnings;

    MembershipStatus(List<Member> members, RingSource source, String asking, String lastAnswer,
                     Instant lastSuccess, String lastError, Instant lastErrorAt, int consecutiveFailures,
                     Instant nextRefresh, long lastTtlSeconds, Instant emptySince, List<String> warnings) {
        this.members = List.copyOf(members);
        this.source = source;
        this.asking = asking;
        this.lastAnswer = lastAnswer;
        this.lastSuccess = lastSuccess;
        this.lastError = lastError;
        this.lastErrorAt = lastErrorAt;
        this.consecutiveFailures = consecutiveFailures;
        this.nextRefresh = nextRefresh;
        this.lastTtlSeconds = lastTtlSeconds;
        this.emptySince = emptySince;
        this.warnings = List.copyOf(warnings);
    }

    /** Members of the current ring, in name order; empty when there is no ring. */
    public List<Member> members() {
        return members;
    }

    public RingSource source() {
        return source;
    }

    /** What the refresh loop asks, e.g. "SRV _guacd._tcp... via 10.96.0.10:53"; for static only, the list. */
    public String asking() {
        return asking;
    }

    /** Description of the last successful answer, e.g. "3 SRV records from 10.96.0.10:53"; null before any. */
    public String lastAnswer() {
        return lastAnswer;
    }

    /** When a look-up last got an answer (possibly empty); null before the first. */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    /** The most recent failure's one-line message; null when none happened yet. */
    public String lastError() {
        return lastError;
    }

    public Instant lastErrorAt() {
        return lastErrorAt;
    }

    /** Failed look-ups since the last answer; 0 while DNS answers. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** When the next look-up is due; null when nothing refreshes (static list, or closed). */
    public Instant nextRefresh() {
        return nextRefresh;
    }

    /** TTL of the last answer in seconds, or {@link Resolution#UNKNOWN_TTL}. */
    public long lastTtlSeconds() {
        return lastTtlSeconds;
    }

    /** Since when SRV has answered empty or NXDOMAIN without a break; null while it has records. */
    public Instant emptySince() {
        return emptySince;
    }

    /** One line per record the last answer skipped. */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "MembershipStatus{source=" + source + ", members=" + members + ", lastAnswer=" + lastAnswer
                + ", lastSuccess=" + lastSuccess + ", lastError=" + lastError + ", failures=" + consecutiveFailures
                + ", nextRefresh=" + nextRefresh + ", ttl=" + lastTtlSeconds + ", emptySince=" + emptySince
                + ", warnings=" + warnings + "}";
    }
}
