package io.guacdaffinity.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code route --format tsv} printed, as values: the key it hashed, the key's home member, the
 * failover order and where the members came from. Tests read these, never the wording of the text form.
 */
public final class RouteTsv {

    /** One member of the failover order. */
    public static final class Rank {
        public final String member;
        public final String address;
        /** Whether a connect tries this member (it is within guacd-affinity-max-attempts). */
        public final boolean tried;

        /** From an {@code order} record: rank, member, host:port, tried. */
        private Rank(String[] record) {
            member = record[2];
            address = record[3];
            tried = Boolean.parseBoolean(record[4]);
        }
    }

    /** The ring key, such as user:alice. */
    public String key;
    /** The name of the key's home member. */
    public String member;
    /** The home member's host:port. */
    public String address;
    /** Every member, in the order failover tries them; the first is the home. */
    public final List<Rank> order = new ArrayList<>();
    /** Where the members were read, such as "guacd-affinity-members from /etc/guacamole/guacamole.properties". */
    public String membersOrigin;
    public int memberCount;
    public int virtualNodes;

    /** The records of {@code text}; an unknown record, a rank out of turn or other than one route record fails. */
    public static RouteTsv parse(String text) {
        RouteTsv out = new RouteTsv();
        int routes = 0;
        for (String line : text.split("\n")) {
            String[] c = line.split("\t", -1);
            if (c[0].equals("route")) {
                routes++;
                out.key = c[1];
                out.member = c[2];
                out.address = c[3];
            } else if (c[0].equals("order")) {
                if (!c[1].equals(String.valueOf(out.order.size() + 1)))
                    throw new AssertionError("rank " + c[1] + " out of turn in:\n" + text);
                out.order.add(new Rank(c));
            } else if (c[0].equals("members")) {
                out.membersOrigin = c[1];
                out.memberCount = Integer.parseInt(c[2]);
                out.virtualNodes = Integer.parseInt(c[3]);
            } else if (!c[0].startsWith("# ")) {
                throw new AssertionError("unknown record " + c[0] + " in:\n" + text);
            }
        }
        if (routes != 1)
            throw new AssertionError(routes + " route records, expected one, in:\n" + text);
        return out;
    }

    /** The failover order as "name host:port", one a member. */
    public List<String> failover() {
        List<String> out = new ArrayList<>();
        for (Rank r : order)
            out.add(r.member + " " + r.address);
        return out;
    }

    /** Whether a connect tries each member, in the failover order. */
    public List<Boolean> tried() {
        List<Boolean> out = new ArrayList<>();
        for (Rank r : order)
            out.add(r.tried);
        return out;
    }
}
