package io.guacdaffinity.bench;

import io.guacdaffinity.bench.PlacementMethod.Assignment;

import com.google.common.hash.Hashing;

import java.util.List;

/**
 * Jump consistent hash (Guava {@code Hashing.consistentHash}) over the member list: bucket i is
 * the i-th member. It can only grow or shrink at the end of the list, so removing a member in
 * the middle renumbers every member after it.
 */
final class JumpPlacement {

    static final PlacementMethod METHOD = new PlacementMethod("jump hash (Guava)", JumpPlacement::build);

    private JumpPlacement() {
    }

    static Assignment build(List<String> members) {
        int n = members.size();
        return (keys, k) -> Hashing.consistentHash(keys.xxh3[k], n);
    }
}
