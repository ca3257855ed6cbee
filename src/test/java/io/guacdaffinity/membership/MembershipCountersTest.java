package io.guacdaffinity.membership;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.ring.HashRing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.guacdaffinity.membership.ScriptedSource.pods;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the refresh loop counts for the metrics: look-ups by result and ring changes. */
class MembershipCountersTest {

    private final MutableClock clock = new MutableClock();
    private final ScriptedSource source = new ScriptedSource();
    private final List<HashRing> published = new ArrayList<>();

    @Test
    void lookUpsAreCountedByResultAndOnlyNewMemberSetsAreRingChanges() {
        source.members(5, pods(0, 1, 2)).members(5, pods(2, 1, 0)).fails("timed out").members(5, pods(0, 1, 2, 3))
                .empty(5).members(5, pods(0, 1));
        AffinityConfig config = AffinityConfig.from(Map.of("guacd-affinity-srv", Answers.SRV,
                "guacd-affinity-srv-empty-grace", "60")::get);
        RefreshLoop loop = new RefreshLoop(source, config, new RefreshDelays(2, 10, () -> 0.0), clock, published::add);
        for (int i = 0; i < 6; i++)
            clock.advance(loop.refresh());

        MembershipCounters counters = loop.counters();
        assertEquals(4, counters.lookupsAnswered());
        assertEquals(1, counters.lookupsEmpty());
        assertEquals(1, counters.lookupsFailed());
        // The first ring is no change; 3 -> 4 members and 4 -> 2 are; the same set in another order,
        // a failure and an empty answer within the grace period are not.
        assertEquals(3, published.size());
        assertEquals(2, counters.ringChanges());
    }
}
