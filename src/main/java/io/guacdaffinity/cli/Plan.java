package io.guacdaffinity.cli;

import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Users over the current members, and what changes when the member list is scaled or loses one. */
final class Plan {

    /** One change of the member list and its effect on the same users. */
    static final class MemberListChange {

        private final List<Member> members;
        private final Member lost;
        private final KeyDistribution placement;
        private final int moved;
        private final int movedBetweenStayingMembers;
        private final double idealFraction;
        private final List<KeyDistribution> bounded;

        MemberListChange(List<Member> members, Member lost, KeyDistribution placement, KeyDistribution now, List<KeyDistribution> bounded) {
            this.members = members;
            this.lost = lost;
            this.placement = placement;
            this.bounded = bounded;
            this.moved = placement.movedFrom(now);
            this.movedBetweenStayingMembers = placement.movedBetweenStayingMembers(now);
            this.idealFraction = idealMoveFraction(now.ring().members(), members);
        }

        List<Member> members() {
            return members;
        }

        /** The member lost, for the lose-one scenario; null for a scaling. */
        Member lost() {
            return lost;
        }

        KeyDistribution placement() {
            return placement;
        }

        /** The same keys with bounded load, arriving one by one, in the order of {@link Plan#bounded()}. */
        List<KeyDistribution> bounded() {
            return bounded;
        }

        int moved() {
            return moved;
        }

        /** Users that moved from one member that stays to another that stays: 0 on a consistent ring. */
        int movedBetweenStayingMembers() {
            return movedBetweenStayingMembers;
        }

        /** The fewest users that must move, as a fraction: the weight share that changes hands. */
        double idealFraction() {
            return idealFraction;
        }
    }

    /** The same keys on the current members with bounded load c, arriving one by one and staying. */
    static final class Bounded {

        private final double loadFactor;
        private final KeyDistribution placement;
        private final int spilled;

        Bounded(double loadFactor, KeyDistribution placement, KeyDistribution now) {
            this.loadFactor = loadFactor;
            this.placement = placement;
            this.spilled = placement.movedFrom(now);
        }

        double loadFactor() {
            return loadFactor;
        }

        KeyDistribution placement() {
            return placement;
        }

        /** Keys that went past their ring owner because it was full. */
        int spilled() {
            return spilled;
        }
    }

    private final List<String> keys;
    private final KeyDistribution now;
    private final List<Bounded> bounded;
    private final ScaledMembers scaling;
    private final List<MemberListChange> scalings;
    private final MemberListChange loseOne;

    private Plan(List<String> keys, KeyDistribution now, List<Bounded> bounded, ScaledMembers scaling,
            List<MemberListChange> scalings, MemberListChange loseOne) {
        this.keys = keys;
        this.now = now;
        this.bounded = bounded;
        this.scaling = scaling;
        this.scalings = scalings;
        this.loseOne = loseOne;
    }

    /**
     * Places the ring keys {@code keys} on the ring of {@code members}, also with bounded load for
     * each of {@code loadFactors} (keys arriving in order and staying), on the rings scaled to each
     * of {@code sizes}, and on the ring without its last member (when it has more than one).
     */
    static Plan compute(List<Member> members, int virtualNodes, List<String> keys, List<Integer> sizes,
            List<Double> loadFactors) {
        HashRing ring = HashRing.of(members, virtualNodes);
        KeyDistribution now = KeyDistribution.of(ring, keys);
        List<Bounded> bounded = new ArrayList<>();
        for (double c : loadFactors)
            bounded.add(new Bounded(c, KeyDistribution.ofArrivals(ring, keys, c), now));
        ScaledMembers scaling = ScaledMembers.of(members);
        List<MemberListChange> scalings = new ArrayList<>();
        for (int size : sizes) {
            List<Member> after = scaling.resize(size);
            scalings.add(scenario(after, null, virtualNodes, keys, loadFactors, now));
        }
        MemberListChange loseOne = null;
        if (members.size() > 1) {
            Member lost = scaling.last();
            List<Member> after = new ArrayList<>(members);
            after.remove(lost);
            loseOne = scenario(after, lost, virtualNodes, keys, loadFactors, now);
        }
        return new Plan(keys, now, Collections.unmodifiableList(bounded), scaling,
                Collections.unmodifiableList(scalings), loseOne);
    }

    private static MemberListChange scenario(List<Member> after, Member lost, int virtualNodes, List<String> keys,
            List<Double> loadFactors, KeyDistribution now) {
        HashRing ring = HashRing.of(after, virtualNodes);
        List<KeyDistribution> bounded = new ArrayList<>();
        for (double c : loadFactors)
            bounded.add(KeyDistribution.ofArrivals(ring, keys, c));
        return new MemberListChange(after, lost, KeyDistribution.of(ring, keys), now, Collections.unmodifiableList(bounded));
    }

    /** {@code prefix01 .. prefixNN}, zero-padded to the width of {@code n} (at least two digits): user names. */
    static List<String> keys(String prefix, int n) {
        int width = Math.max(2, String.valueOf(n).length());
        List<String> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            String digits = String.valueOf(i);
            out.add(prefix + "0".repeat(width - digits.length()) + digits);
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The fewest keys that any assignment must move from {@code before} to {@code after}, as a
     * fraction: half the sum, over all member names, of the change in weight share.
     */
    static double idealMoveFraction(List<Member> before, List<Member> after) {
        Map<String, Double> shares = new HashMap<>();
        double beforeWeight = before.stream().mapToDouble(Member::weight).sum();
        double afterWeight = after.stream().mapToDouble(Member::weight).sum();
        Set<String> names = new HashSet<>();
        for (Member m : before) {
            shares.merge(m.name(), m.weight() / beforeWeight, Double::sum);
            names.add(m.name());
        }
        for (Member m : after) {
            shares.merge(m.name(), -m.weight() / afterWeight, Double::sum);
            names.add(m.name());
        }
        double change = 0;
        for (String name : names)
            change += Math.abs(shares.get(name));
        return change / 2;
    }

    List<String> keys() {
        return keys;
    }

    KeyDistribution now() {
        return now;
    }

    /** The current members with bounded load, one entry per load factor asked for. */
    List<Bounded> bounded() {
        return bounded;
    }

    List<MemberListChange> scalings() {
        return scalings;
    }

    /** Losing the last member; null when there is only one. */
    MemberListChange loseOne() {
        return loseOne;
    }

    /** The scalings, then the loss of one member when there is one. */
    List<MemberListChange> changes() {
        List<MemberListChange> out = new ArrayList<>(scalings);
        if (loseOne != null)
            out.add(loseOne);
        return out;
    }

    /** Every member that appears now or in any scenario, current ones first, then new ones in order. */
    List<Member> allMembers() {
        List<Member> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<List<Member>> lists = new ArrayList<>();
        lists.add(scaling.resize(now.ring().size()));
        for (MemberListChange s : scalings)
            lists.add(s.members());
        for (List<Member> list : lists) {
            for (Member m : list) {
                if (names.add(m.name()))
                    out.add(m);
            }
        }
        return out;
    }
}
