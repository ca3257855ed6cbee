package io.guacdaffinity.bench;

import io.guacdaffinity.bench.PlacementMethod.Assignment;

import java.util.List;

/** hash(key) mod N over the member list: perfect balance, almost everything moves on any change. */
final class ModuloPlacement {

    static final PlacementMethod METHOD = new PlacementMethod("hash mod N", ModuloPlacement::build);

    private ModuloPlacement() {
    }

    static Assignment build(List<String> members) {
        long n = members.size();
        return (keys, k) -> (int) Long.remainderUnsigned(keys.xxh3[k], n);
    }
}
