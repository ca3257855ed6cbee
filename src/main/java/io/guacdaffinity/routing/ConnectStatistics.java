package io.guacdaffinity.routing;

import io.guacdaffinity.routing.RouteDecision.Reason;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals per member of what connects did since start-up, as this Guacamole replica saw
 * them: connects by reason, how long each took, and failed attempts by what they said about the
 * member. Metrics and the status page both read these, so they never disagree. Counting happens
 * after a decision, never inside it.
 */
public final class ConnectStatistics {

    /** Upper bounds, in seconds, of the connect-time buckets: 1 ms to 30 s, then everything slower. */
    public static final double[] BUCKET_SECONDS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
    };

    private static final long[] BUCKET_NANOS = new long[BUCKET_SECONDS.length];

    static {
        for (int i = 0; i < BUCKET_SECONDS.length; i++)
            BUCKET_NANOS[i] = Math.round(BUCKET_SECONDS[i] * 1e9);
    }

    /** Why an attempt on a member failed, by the evidence it gave (contract 4). */
    public enum Failure {
        /** Refused or timed-out TCP connect, failed TLS, closed before guacd's first word: marked down. */
        UNREACHABLE,
        /** guacd answered and refused this request: nothing marked down. */
        REFUSED,
        /** guacd accepted and said nothing about this request. */
        SILENT
    }

    private final ConcurrentHashMap<String, MemberCounts> members = new ConcurrentHashMap<>();

    void connected(String member, Reason reason, long nanos) {
        MemberCounts counts = of(member);
        counts.connects[reason.ordinal()].increment();
        int bucket = 0;
        while (bucket < BUCKET_NANOS.length && nanos > BUCKET_NANOS[bucket])
            bucket++;
        counts.durationBuckets[bucket].increment();
        counts.durationNanos.add(nanos);
    }

    void failed(String member, Failure failure) {
        of(member).failures[failure.ordinal()].increment();
    }

    private MemberCounts of(String member) {
        return members.computeIfAbsent(member, m -> new MemberCounts());
    }

    /** Totals per member name, for every member that was ever connected to or failed. */
    public Map<String, MemberCounts> snapshot() {
        return Collections.unmodifiableMap(new TreeMap<>(members));
    }

    /** One member's totals; each read is a sum at that moment. */
    public static final class MemberCounts {

        private final LongAdder[] connects = adders(Reason.values().length);
        private final LongAdder[] failures = adders(Failure.values().length);
        private final LongAdder[] durationBuckets = adders(BUCKET_SECONDS.length + 1);
        private final LongAdder durationNanos = new LongAdder();

        private static LongAdder[] adders(int n) {
            LongAdder[] out = new LongAdder[n];
            for (int i = 0; i < n; i++)
                out[i] = new LongAdder();
            return out;
        }

        public long connects(Reason reason) {
            return connects[reason.ordinal()].sum();
        }

        public long failures(Failure failure) {
            return failures[failure.ordinal()].sum();
        }

        /**
         * Connects that took at most {@link #BUCKET_SECONDS}{@code [i]}, not cumulative; the last
         * entry counts those slower than the last bound.
         */
        public long[] durationBuckets() {
            long[] out = new long[durationBuckets.length];
            for (int i = 0; i < out.length; i++)
                out[i] = durationBuckets[i].sum();
            return out;
        }

        public double durationSecondsSum() {
            return durationNanos.sum() / 1e9;
        }
    }
}
