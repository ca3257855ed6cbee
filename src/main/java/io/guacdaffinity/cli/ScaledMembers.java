package io.guacdaffinity.cli;

import io.guacdaffinity.ring.HostNames;
import io.guacdaffinity.ring.Member;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The member list after scaling, as a StatefulSet would change it: members named
 * {@code <prefix><ordinal>} grow by the next ordinals and shrink from the highest one, and a new
 * member's host follows the last member's host (guacd-2.guacamole.svc... gives guacd-3.guacamole.svc...).
 * Members without a shared prefix and ordinal shrink from the end of the list and grow by
 * {@code new-1}, {@code new-2}, ... whose hosts are their names.
 */
final class ScaledMembers {

    private static final Pattern ORDINAL_NAME = Pattern.compile("(.*?)([0-9]+)");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private final List<Member> ordered;
    private final String prefix;

    private ScaledMembers(List<Member> ordered, String prefix) {
        this.ordered = ordered;
        this.prefix = prefix;
    }

    /** Orders {@code members} the way a StatefulSet scales them. */
    static ScaledMembers of(List<Member> members) {
        if (members.isEmpty())
            throw new IllegalArgumentException("no members to scale");
        String shared = null;
        for (Member m : members) {
            Matcher matcher = ORDINAL_NAME.matcher(m.name());
            String p = matcher.matches() && !matcher.group(1).isEmpty() ? matcher.group(1) : null;
            if (p == null || shared != null && !shared.equals(p)) {
                shared = null;
                break;
            }
            shared = p;
        }
        List<Member> ordered = new ArrayList<>(members);
        if (shared != null) {
            int skip = shared.length();
            ordered.sort(Comparator.comparingLong(m -> ordinalOf(m.name().substring(skip))));
        }
        return new ScaledMembers(ordered, shared);
    }

    private static long ordinalOf(String digits) {
        // Ordinals longer than a long are still ordered, if not by value.
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    /** Whether the members are named like the pods of one StatefulSet: {@code <name>-<ordinal>}. */
    boolean statefulSet() {
        return prefix != null && prefix.endsWith("-");
    }

    /** The member a scale-down by one removes. */
    Member last() {
        return ordered.get(ordered.size() - 1);
    }

    /** The members after scaling to {@code size}: the first {@code size}, or all plus new ones. */
    List<Member> resize(int size) {
        if (size < 1)
            throw new IllegalArgumentException("a ring needs at least one member, not " + size);
        if (size <= ordered.size())
            return List.copyOf(ordered.subList(0, size));
        List<Member> out = new ArrayList<>(ordered);
        Set<String> names = new HashSet<>();
        for (Member m : ordered)
            names.add(m.name());
        Member template = last();
        long next = prefix == null ? 1 : ordinalOf(template.name().substring(prefix.length())) + 1;
        while (out.size() < size) {
            String ordinal = prefix == null ? String.valueOf(next) : formatLike(template, next);
            String name = (prefix == null ? "new-" : prefix) + ordinal;
            next++;
            if (!names.add(name))
                continue;
            out.add(new Member(name, hostFor(template, ordinal, name), template.port(), template.weight()));
        }
        return out;
    }

    /** Keeps zero padding: node-07 is followed by node-08. */
    private String formatLike(Member template, long ordinal) {
        String digits = template.name().substring(prefix.length());
        String text = String.valueOf(ordinal);
        if (digits.startsWith("0") && digits.length() > text.length())
            text = "0".repeat(digits.length() - text.length()) + text;
        return text;
    }

    /**
     * The template's host with its ordinal replaced, when the host's first label carries it
     * (guacd-2.guacamole.svc.cluster.local); otherwise the new member's name.
     */
    private String hostFor(Member template, String ordinal, String name) {
        String host = template.host();
        if (prefix == null || host.indexOf(':') >= 0 || host.matches("[0-9.]+"))
            return name;
        String label = HostNames.firstLabel(host);
        String templateOrdinal = template.name().substring(prefix.length());
        Matcher digits = DIGITS.matcher(label);
        int start = -1;
        int end = -1;
        while (digits.find()) {
            if (digits.group().equals(templateOrdinal)) {
                start = digits.start();
                end = digits.end();
            }
        }
        if (start < 0)
            return name;
        String candidate = label.substring(0, start) + ordinal + label.substring(end) + host.substring(label.length());
        return HostNames.isValid(candidate) ? candidate : name;
    }
}
