package io.guacdaffinity.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each key has live tunnels right now, as counted by this Guacamole replica. This is the only
 * stickiness there is: a second tab joins the first while both are open, and a key whose last
 * tunnel closed is forgotten at once, so its next connect follows the ring again (which is identical
 * in every replica and so is the memory). Reads take no lock; an update replaces the key's entry
 * within the map's per-key update.
 */
public final class LiveKeys {

    private final ConcurrentHashMap<String, Entry> keys = new ConcurrentHashMap<>();

    /**
     * The member names where {@code key} has live tunnels, the earliest opened first; null when it has
     * none. The array is the table's own and must not be changed.
     */
    String[] membersOf(String key) {
        Entry e = keys.get(key);
        return e == null ? null : e.members;
    }

    /** The member where {@code key} opened its earliest live tunnel still open, or null. */
    public String memberOf(String key) {
        Entry e = keys.get(key);
        return e == null ? null : e.members[0];
    }

    /** Counts one more live tunnel of {@code key} on {@code member}. */
    void acquire(String key, String member) {
        keys.compute(key, (k, e) -> e == null ? new Entry(new String[] {member}, new int[] {1}) : e.plus(member));
    }

    /** Undoes one {@link #acquire}; the key is forgotten with its last tunnel. */
    void release(String key, String member) {
        keys.computeIfPresent(key, (k, e) -> e.minus(member));
    }

    /** Keys with at least one live tunnel. */
    public int size() {
        return keys.size();
    }

    /** Every live key on every member it has tunnels on, ordered by key, then by when it arrived there. */
    public List<LiveKey> snapshot() {
        List<LiveKey> out = new ArrayList<>();
        for (Map.Entry<String, Entry> e : keys.entrySet()) {
            Entry entry = e.getValue();
            for (int i = 0; i < entry.members.length; i++)
                out.add(new LiveKey(e.getKey(), entry.members[i], entry.tunnels[i]));
        }
        out.sort(Comparator.comparing(LiveKey::key));
        return Collections.unmodifiableList(out);
    }

    /** Where {@code name} is in {@code names}, or -1; the router asks the same of a key's members. */
    static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name))
                return i;
        }
        return -1;
    }

    /** One key's members and tunnels on each; immutable, so readers never see it half-updated. */
    private static final class Entry {

        final String[] members;
        final int[] tunnels;

        Entry(String[] members, int[] tunnels) {
            this.members = members;
            this.tunnels = tunnels;
        }

        Entry plus(String member) {
            int i = indexOf(members, member);
            if (i >= 0) {
                int[] t = tunnels.clone();
                t[i]++;
                return new Entry(members, t);
            }
            String[] m = Arrays.copyOf(members, members.length + 1);
            int[] t = Arrays.copyOf(tunnels, tunnels.length + 1);
            m[members.length] = member;
            t[members.length] = 1;
            return new Entry(m, t);
        }

        /** Null when the last tunnel of the key is gone, which removes the key. */
        Entry minus(String member) {
            int i = indexOf(members, member);
            if (i < 0)
                return this;
            if (tunnels[i] > 1) {
                int[] t = tunnels.clone();
                t[i]--;
                return new Entry(members, t);
            }
            if (members.length == 1)
                return null;
            String[] m = new String[members.length - 1];
            int[] t = new int[members.length - 1];
            for (int from = 0, to = 0; from < members.length; from++) {
                if (from != i) {
                    m[to] = members[from];
                    t[to++] = tunnels[from];
                }
            }
            return new Entry(m, t);
        }
    }

    /** One key's live tunnels on one member, for status pages. */
    public static final class LiveKey {

        private final String key;
        private final String member;
        private final int tunnels;

        LiveKey(String key, String member, int tunnels) {
            this.key = key;
            this.member = member;
            this.tunnels = tunnels;
        }

        /** Such as {@code user:alice}, as the ring hashes it. */
        public String key() {
            return key;
        }

        public String member() {
            return member;
        }

        public int tunnels() {
            return tunnels;
        }

        @Override
        public String toString() {
            return key + " -> " + member + " (" + tunnels + " live)";
        }
    }
}
