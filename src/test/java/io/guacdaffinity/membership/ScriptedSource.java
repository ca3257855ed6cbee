package io.guacdaffinity.membership;

import io.guacdaffinity.ring.Member;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A member source that answers what a test scripts: members, an empty answer, or a failure. */
final class ScriptedSource implements MemberSource {

    private final Deque<Object> script = new ArrayDeque<>();
    private Object last;
    private Runnable onClose = () -> { };
    int calls;

    /** Runs {@code action} when the membership closes this source. */
    ScriptedSource closing(Runnable action) {
        onClose = action;
        return this;
    }

    @Override
    public void close() {
        onClose.run();
    }

    ScriptedSource members(long ttl, Member... members) {
        script.add(new Resolution(List.of(members), ttl, List.of(), members.length + " SRV records from test"));
        return this;
    }

    ScriptedSource empty(long ttl) {
        script.add(new Resolution(List.of(), ttl, List.of(), "NXDOMAIN from test"));
        return this;
    }

    ScriptedSource warned(long ttl, String warning, Member... members) {
        script.add(new Resolution(List.of(members), ttl, List.of(warning), "records from test"));
        return this;
    }

    ScriptedSource fails(String message) {
        script.add(new MemberSourceException(message));
        return this;
    }

    ScriptedSource crashes() {
        script.add(new IllegalStateException("bug in a source"));
        return this;
    }

    @Override
    public Resolution resolve() throws MemberSourceException {
        calls++;
        Object next = script.isEmpty() ? last : script.poll();
        last = next;
        if (next instanceof MemberSourceException)
            throw (MemberSourceException) next;
        if (next instanceof RuntimeException)
            throw (RuntimeException) next;
        return (Resolution) next;
    }

    @Override
    public String describe() {
        return "SRV test";
    }

    static Member pod(int i) {
        return new Member("guacd-stateful-" + i, "guacd-stateful-" + i + ".guacd-headless", 4822);
    }

    static Member[] pods(int... ordinals) {
        List<Member> out = new ArrayList<>();
        for (int i : ordinals)
            out.add(pod(i));
        return out.toArray(new Member[0]);
    }
}
