package io.guacdaffinity.bench;

import io.guacdaffinity.ring.HashRing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/** The key hash alone (XXH3 over the key's chars), to split {@link RouteBenchmark}'s time into hash and search. */
public class KeyHashBenchmark extends LookupBenchmark {

    private String[] keys;
    private int next;

    @Setup
    public void keys() {
        keys = userNames();
    }

    @Benchmark
    public long hashKey() {
        return HashRing.hashKey(keys[next++ & KEY_MASK]);
    }
}
