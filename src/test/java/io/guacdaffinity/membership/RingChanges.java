package io.guacdaffinity.membership;

import io.guacdaffinity.conf.AffinityConfig;

import java.util.HashMap;
import java.util.Map;

import static io.guacdaffinity.membership.ScriptedSource.pods;

/**
 * The ring changes an administrator reads about in the log, run through a real refresh loop for tests
 * outside this package: a scale-up from three members to four, then an SRV answer that stays empty
 * past its grace period with no static list to fall back to.
 */
public final class RingChanges {

    private RingChanges() {
    }

    /** @return how many rings were published, the last one empty (null) */
    public static int scaleUpThenEmpty() {
        ScriptedSource source = new ScriptedSource().members(5, pods(0, 1, 2)).members(5, pods(0, 1, 2, 3)).empty(5);
        Map<String, String> p = new HashMap<>();
        p.put("guacd-affinity-srv", Answers.SRV);
        AffinityConfig config = AffinityConfig.from(p::get);
        MutableClock clock = new MutableClock();
        int[] published = {0};
        boolean[] empty = {false};
        RefreshLoop loop = new RefreshLoop(source, config,
                new RefreshDelays(config.refreshMinSeconds(), config.refreshMaxSeconds(), () -> 0.0), clock, ring -> {
                    published[0]++;
                    empty[0] = ring == null;
                });
        for (int step = 0; step < 100 && !empty[0]; step++)
            clock.advance(loop.refresh());
        if (!empty[0])
            throw new AssertionError("the ring never went empty after " + published[0] + " rings");
        return published[0];
    }
}
