package io.guacdaffinity.bench;

import io.guacdaffinity.bench.PlacementMethod.Assignment;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;

import java.util.Arrays;
import java.util.List;

/**
 * Maglev hashing (Eisenbud et al., NSDI 2016) with a lookup table of 65537 entries: each member
 * fills table slots in its own permutation (offset, skip from two hashes of its name), taking
 * turns, until the table is full. A key reads {@code table[hash mod 65537]}.
 */
final class MaglevPlacement {

    static final int TABLE_SIZE = 65537;
    private static final Hasher64 OFFSET_HASH = Hashing.xxh3_64(0x6d61676cL);
    private static final Hasher64 SKIP_HASH = Hashing.xxh3_64(0x736b6970L);

    static final PlacementMethod METHOD = new PlacementMethod("Maglev (M = " + TABLE_SIZE + ")",
            MaglevPlacement::build);

    private MaglevPlacement() {
    }

    static Assignment build(List<String> members) {
        int n = members.size();
        long[] offset = new long[n];
        long[] skip = new long[n];
        for (int i = 0; i < n; i++) {
            offset[i] = Long.remainderUnsigned(OFFSET_HASH.hashCharsToLong(members.get(i)), TABLE_SIZE);
            skip[i] = Long.remainderUnsigned(SKIP_HASH.hashCharsToLong(members.get(i)), TABLE_SIZE - 1) + 1;
        }
        int[] table = new int[TABLE_SIZE];
        Arrays.fill(table, -1);
        long[] next = new long[n];
        int filled = 0;
        while (true) {
            for (int i = 0; i < n; i++) {
                long slot = (offset[i] + next[i] * skip[i]) % TABLE_SIZE;
                while (table[(int) slot] >= 0) {
                    next[i]++;
                    slot = (offset[i] + next[i] * skip[i]) % TABLE_SIZE;
                }
                table[(int) slot] = i;
                next[i]++;
                if (++filled == TABLE_SIZE)
                    return (keys, k) -> table[(int) Long.remainderUnsigned(keys.xxh3[k], TABLE_SIZE)];
            }
        }
    }
}
