package io.guacdaffinity.bench;

import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.AffinityKey;
import io.guacdaffinity.routing.NoMemberAvailableException;
import io.guacdaffinity.routing.Routed;
import io.guacdaffinity.routing.Router;
import io.guacdaffinity.routing.TestRouter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.util.ArrayList;
import java.util.List;

/**
 * Lookup cost: {@code route(key)} (hash the key, find its point) and the router's whole placement
 * decision with live counts present (live keys, bounded load with members at capacity).
 */
public class RouteBenchmark extends LookupBenchmark {

    @Param({"3", "10", "100", "1000"})
    public int members;

    private HashRing ring;
    private String[] keys;
    private int next;
    private Router router;
    private AffinityKey[] users;
    private final List<Routed<Member>> seated = new ArrayList<>();

    @Setup
    public void build() {
        List<Member> list = new ArrayList<>();
        for (int i = 0; i < members; i++)
            list.add(new Member("guacd-stateful-" + i, "10.0.0.1", 4822, 1));
        ring = HashRing.of(list);
        keys = userNames();
        // The router with live counts present: 20 sessions per member on average, half of the keys
        // asked about have live tunnels, and bounded load makes some members full.
        HashRing fixed = ring;
        router = TestRouter.over(fixed).clock(System::currentTimeMillis).build();
        users = new AffinityKey[KEY_MASK + 1];
        for (int i = 0; i < users.length; i++)
            users[i] = AffinityKey.of(KeyMode.USER, keys[i]);
        try {
            for (int i = 0; i < 20 * members; i++)
                seated.add(router.open(users[(i * 2) & KEY_MASK], m -> m));
        }
        catch (NoMemberAvailableException e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    public Member route() {
        return ring.route(keys[next++ & KEY_MASK]);
    }

    /** The decision a connect makes (Router.peek runs the same rule without taking a slot). */
    @Benchmark
    public Member decide() {
        return router.peek(users[next++ & KEY_MASK]);
    }
}
