package io.guacdaffinity.membership;

import io.guacdaffinity.ring.Member;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The outcome of one successful look-up: members (possibly none), TTL and warnings. */
public final class Resolution {

    /** TTL value when the answer carried none. */
    public static final long UNKNOWN_TTL = -1;

    private final List<Member> members;
    private final long ttlSeconds;
    private final List<String> warnings;
    private final String answer;

    /**
     * @param members usable members, in name order after construction
     * @param ttlSeconds how long the answer may be trusted, or {@link #UNKNOWN_TTL}
     * @param warnings one line per skipped record
     * @param answer a short description of the answer, such as "3 SRV records from 10.96.0.10:53"
     */
    public Resolution(List<Member> members, long ttlSeconds, List<String> warnings, String answer) {
        List<Member> sorted = new ArrayList<>(members);
        Collections.sort(sorted);
        this.members = Collections.unmodifiableList(sorted);
        this.ttlSeconds = ttlSeconds;
        this.warnings = List.copyOf(warnings);
        this.answer = answer;
    }

    /** The same answer with {@code earlier} warnings (such as servers that failed first) in front. */
    Resolution withWarningsBefore(List<String> earlier) {
        if (earlier.isEmpty())
            return this;
        List<String> all = new ArrayList<>(earlier);
        all.addAll(warnings);
        return new Resolution(members, ttlSeconds, all, answer);
    }

    public List<Member> members() {
        return members;
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    public long ttlSeconds() {
        return ttlSeconds;
    }

    public List<String> warnings() {
        return warnings;
    }

    public String answer() {
        return answer;
    }

    @Override
    public String toString() {
        return answer + ": " + members + (warnings.isEmpty() ? "" : " warnings " + warnings);
    }
}
