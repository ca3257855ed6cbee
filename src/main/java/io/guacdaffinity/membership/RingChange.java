package io.guacdaffinity.membership;

import io.guacdaffinity.ring.Member;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The difference between two member lists, by name: who joined, who left, and who stayed under
 * the same name but is now reached elsewhere or weighs differently. A changed address keeps every
 * key where it was; only added, removed and re-weighted members move keys.
 */
final class RingChange {

    private final List<Member> added = new ArrayList<>();
    private final List<Member> removed = new ArrayList<>();
    private final List<String> changed = new ArrayList<>();

    RingChange(List<Member> before, List<Member> after) {
        Map<String, Member> old = byName(before);
        Map<String, Member> now = byName(after);
        for (Member m : now.values()) {
            Member was = old.get(m.name());
            if (was == null)
                added.add(m);
            else if (!was.equals(m))
                changed.add(describeChange(was, m));
        }
        for (Member m : old.values()) {
            if (!now.containsKey(m.name()))
                removed.add(m);
        }
    }

    private static Map<String, Member> byName(List<Member> members) {
        Map<String, Member> map = new TreeMap<>();
        for (Member m : members)
            map.put(m.name(), m);
        return map;
    }

    private static String describeChange(Member was, Member now) {
        StringBuilder s = new StringBuilder(now.name()).append(' ');
        boolean moved = !was.host().equals(now.host()) || was.port() != now.port();
        if (moved)
            s.append("changed host ").append(was.host()).append(':').append(was.port())
                    .append(" -> ").append(now.host()).append(':').append(now.port());
        if (was.weight() != now.weight())
            s.append(moved ? ", " : "").append("changed weight ").append(was.weight()).append(" -> ").append(now.weight());
        return s.toString();
    }

    boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    List<Member> added() {
        return added;
    }

    List<Member> removed() {
        return removed;
    }

    List<String> changed() {
        return changed;
    }

    /** One line for the log, e.g. "added guacd-3 (guacd-3.x:4822); removed guacd-0". */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty())
            parts.add("added " + join(added, true));
        if (!removed.isEmpty())
            parts.add("removed " + join(removed, false));
        if (!changed.isEmpty())
            parts.add(String.join(", ", changed));
        return parts.isEmpty() ? "no change" : String.join("; ", parts);
    }

    private static String join(List<Member> members, boolean withAddress) {
        List<String> out = new ArrayList<>();
        for (Member m : members)
            out.add(withAddress ? m.name() + " (" + m.host() + ":" + m.port()
                    + (m.weight() != 1 ? ", weight " + m.weight() : "") + ")" : m.name());
        return String.join(", ", out);
    }
}
