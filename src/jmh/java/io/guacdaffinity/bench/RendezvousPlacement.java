package io.guacdaffinity.bench;

import io.guacdaffinity.bench.PlacementMethod.Assignment;

import com.dynatrace.hash4j.hashing.Hashing;

import java.util.List;

/**
 * Rendezvous (highest random weight) hashing: every member scores every key, the highest score
 * wins. The score mixes the key hash with the member's name hash through the SplitMix64 finaliser.
 * O(N) per lookup.
 */
final class RendezvousPlacement {

    static final PlacementMethod METHOD = new PlacementMethod("rendezvous (HRW)", RendezvousPlacement::build);

    private RendezvousPlacement() {
    }

    static Assignment build(List<String> members) {
        long[] seeds = new long[members.size()];
        for (int i = 0; i < seeds.length; i++)
            seeds[i] = Hashing.xxh3_64().hashCharsToLong(members.get(i));
        return (keys, k) -> {
            long keyHash = keys.xxh3[k];
            int best = 0;
            long bestScore = Long.MIN_VALUE;
            for (int i = 0; i < seeds.length; i++) {
                long score = mix(keyHash ^ seeds[i]);
                if (Long.compareUnsigned(score, bestScore) > 0 || i == 0) {
                    bestScore = score;
                    best = i;
                }
            }
            return best;
        };
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
