package io.guacdaffinity.routing;

import io.guacdaffinity.ring.HashRing;

import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one way tests and reports build a router: the product's defaults (bounded load c = 1.25,
 * 3 attempts, 30 s cool-down, a clock standing still), each changed by name where a test needs it.
 */
public final class TestRouter {

    private final Supplier<HashRing> ring;
    private LiveKeys liveKeys = new LiveKeys();
    private double loadFactor = 1.25;
    private int attempts = 3;
    private long cooldownMillis = 30_000;
    private LongSupplier clock = () -> 0L;
    private MemberCheck check;

    private TestRouter(Supplier<HashRing> ring) {
        this.ring = ring;
    }

    public static TestRouter over(HashRing ring) {
        return new TestRouter(() -> ring);
    }

    /** A ring the test swaps, as membership does when members change. */
    public static TestRouter over(Supplier<HashRing> ring) {
        return new TestRouter(ring);
    }

    /** 0 turns bounded load off (the pure ring). */
    public TestRouter loadFactor(double c) {
        this.loadFactor = c;
        return this;
    }

    public TestRouter attempts(int maxAttempts) {
        this.attempts = maxAttempts;
        return this;
    }

    public TestRouter cooldownMillis(long millis) {
        this.cooldownMillis = millis;
        return this;
    }

    public TestRouter clock(LongSupplier clock) {
        this.clock = clock;
        return this;
    }

    public TestRouter liveKeys(LiveKeys liveKeys) {
        this.liveKeys = liveKeys;
        return this;
    }

    public TestRouter check(MemberCheck check) {
        this.check = check;
        return this;
    }

    public Router build() {
        return new Router(ring, liveKeys, new LoadTracker(), new Health(cooldownMillis, clock), attempts, loadFactor,
                Optional.ofNullable(check));
    }
}
