package io.guacdaffinity.bench;

import java.util.List;

/** hash(key) mod N over the member list: perfect balance, almost everything moves on any change. */
final class ModuloPlacement implements PlacementMethod {

    @Override
    public String label() {
        return "hash mod N";
    }

    @Override
    public Assignment build(List<String> members) {
        long n = members.size();
        return (keys, k) -> (int) Long.remainderUnsigned(keys.xxh3[k], n);
    }
}
