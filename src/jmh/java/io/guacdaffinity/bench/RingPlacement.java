package io.guacdaffinity.bench;

import io.guacdaffinity.bench.PlacementMethod.Assignment;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;

import java.util.ArrayList;
import java.util.List;

/** This project's ring at its default settings. */
final class RingPlacement {

    static final PlacementMethod METHOD = new PlacementMethod(
            "guacd-affinity ring (" + HashRing.DEFAULT_VIRTUAL_NODES + " vnodes)", RingPlacement::build);

    private RingPlacement() {
    }

    static Assignment build(List<String> names) {
        List<Member> members = new ArrayList<>();
        for (String name : names)
            members.add(new Member(name, "127.0.0.1", 4822, 1));
        HashRing ring = HashRing.of(members);
        // The ring numbers members in name order; the report numbers them in list order.
        int[] listIndex = new int[ring.size()];
        for (int i = 0; i < ring.size(); i++)
            listIndex[i] = names.indexOf(ring.members().get(i).name());
        return (keys, k) -> listIndex[ring.ownerIndexOfHash(keys.xxh3[k])];
    }
}
