package io.guacdaffinity.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code plan --format tsv} printed, as values: the tests read these, never the wording of the text form. */
public final class PlanTsv {

    /** One member in one scenario. */
    public static final class MemberRow {
        public final String address;
        public final int weight;
        public final int users;
        /** Users with bounded load, one per load factor in the order of {@link PlanTsv#bounded}. */
        public final List<Integer> bounded;

        /** From a {@code member} record: scenario, name, address, weight, users, then one column per load factor. */
        MemberRow(String[] record) {
            address = record[3];
            weight = Integer.parseInt(record[4]);
            users = Integer.parseInt(record[5]);
            bounded = new ArrayList<>();
            for (int i = 6; i < record.length; i++)
                bounded.add(Integer.parseInt(record[i]));
        }
    }

    /** One load factor's summary. */
    public static final class Bounded {
        public final String loadFactor;
        public final boolean inEffect;
        public final int peak;
        public final int spilled;

        /** From a {@code bounded} record: load factor, in effect, peak, spilled. */
        Bounded(String[] record) {
            loadFactor = record[1];
            inEffect = Boolean.parseBoolean(record[2]);
            peak = Integer.parseInt(record[3]);
            spilled = Integer.parseInt(record[4]);
        }
    }

    /** One scenario's moves. */
    public static final class Moved {
        public final int members;
        public final int moved;
        public final int betweenStaying;
        public final double idealFraction;

        /** From a {@code moved} record: scenario, members, moved, between staying members, ideal fraction. */
        Moved(String[] record) {
            members = Integer.parseInt(record[2]);
            moved = Integer.parseInt(record[3]);
            betweenStaying = Integer.parseInt(record[4]);
            idealFraction = Double.parseDouble(record[5]);
        }
    }

    public int users;
    public int memberCount;
    public String key;
    public int virtualNodes;
    public String loadFactor;
    /** The bounded-load column names of the member records, such as bounded-1.25. */
    public final List<String> boundedColumns = new ArrayList<>();
    /** Scenario (now, scale-5, lose-NAME) to member name to its row, in the printed order. */
    public final Map<String, Map<String, MemberRow>> members = new LinkedHashMap<>();
    public final List<Bounded> bounded = new ArrayList<>();
    /** Scenario to its moves, in the printed order. */
    public final Map<String, Moved> moved = new LinkedHashMap<>();

    public static PlanTsv parse(String text) {
        PlanTsv out = new PlanTsv();
        for (String line : text.split("\n")) {
            String[] c = line.split("\t", -1);
            switch (c[0]) {
                case "# member":
                    for (int i = 6; i < c.length; i++)
                        out.boundedColumns.add(c[i]);
                    break;
                case "plan":
                    out.users = Integer.parseInt(c[1]);
                    out.memberCount = Integer.parseInt(c[2]);
                    out.key = c[3];
                    out.virtualNodes = Integer.parseInt(c[4]);
                    out.loadFactor = c[5];
                    break;
                case "member":
                    out.members.computeIfAbsent(c[1], k -> new LinkedHashMap<>()).put(c[2], new MemberRow(c));
                    break;
                case "bounded":
                    out.bounded.add(new Bounded(c));
                    break;
                case "moved":
                    out.moved.put(c[1], new Moved(c));
                    break;
                default:
                    if (!c[0].startsWith("# "))
                        throw new AssertionError("unknown record " + c[0] + " in:\n" + text);
            }
        }
        return out;
    }

    /** Users per member name in {@code scenario}, by the ring alone. */
    public Map<String, Integer> users(String scenario) {
        Map<String, Integer> out = new LinkedHashMap<>();
        members.get(scenario).forEach((name, row) -> out.put(name, row.users));
        return out;
    }

    /** Users per member name in {@code scenario}, with the {@code index}th load factor. */
    public Map<String, Integer> bounded(String scenario, int index) {
        Map<String, Integer> out = new LinkedHashMap<>();
        members.get(scenario).forEach((name, row) -> out.put(name, row.bounded.get(index)));
        return out;
    }
}
