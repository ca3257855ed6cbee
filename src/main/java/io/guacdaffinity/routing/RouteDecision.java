package io.guacdaffinity.routing;

import io.guacdaffinity.ring.Member;

import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Where one connect went, why, and every member looked at on the way. */
public final class RouteDecision {

    /** Why the member was chosen. */
    public enum Reason {
        /** The key's home: the first member of its preference list. */
        HOME,
        /** The key has live tunnels on the member (a second tab joins the first). */
        LIVE,
        /** Earlier members of the preference list were at their bounded-load capacity. */
        SPILL,
        /** Earlier members were marked down or failed this connect. */
        FAILOVER,
        /** A connection attribute names the member. */
        FIXED,
        /** A join goes to the member hosting the session it joins. */
        JOIN
    }

    /** What happened to one member while deciding. */
    public enum Outcome {
        CHOSEN, SKIPPED_DOWN, SKIPPED_FULL,
        /** Evidence about the member (refused, timed out, TLS, closed before its first word): marked down. */
        UNREACHABLE,
        /** guacd answered and then refused this request: nothing marked down. */
        REFUSED,
        /** guacd accepted and said nothing about this request: marked down only when confirmed. */
        SILENT,
        /** The key has live tunnels on a member that is no longer in the ring (it drains). */
        LEFT_RING
    }

    /** One member looked at, in order. */
    public static final class Step {

        private final String member;
        private final Outcome outcome;
        private final String detail;

        Step(String member, Outcome outcome, String detail) {
            this.member = member;
            this.outcome = outcome;
            this.detail = detail;
        }

        public String member() {
            return member;
        }

        public Outcome outcome() {
            return outcome;
        }

        /** Why, in words (the failure for UNREACHABLE); may be empty. */
        public String detail() {
            return detail;
        }

        @Override
        public String toString() {
            return member + " " + outcome.name().toLowerCase(Locale.ROOT)
                    + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    private final AffinityKey key;
    private final Member member;
    private final Reason reason;
    private final List<Step> steps;
    private final long nanos;

    RouteDecision(AffinityKey key, Member member, Reason reason, List<Step> steps, long nanos) {
        this.key = key;
        this.member = member;
        this.reason = reason;
        this.steps = Collections.unmodifiableList(steps);
        this.nanos = nanos;
    }

    public AffinityKey key() {
        return key;
    }

    /** The member chosen. */
    public Member member() {
        return member;
    }

    public Reason reason() {
        return reason;
    }

    /** Members looked at, in order, ending with the chosen one. */
    public List<Step> steps() {
        return steps;
    }

    /** Time spent deciding and connecting, in nanoseconds. */
    public long nanos() {
        return nanos;
    }

    @Override
    public String toString() {
        return key + " -> " + member.name() + " (" + reason + ", " + steps + ")";
    }
}
