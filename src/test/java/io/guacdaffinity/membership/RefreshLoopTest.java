package io.guacdaffinity.membership;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.testing.CapturedLog;
import io.guacdaffinity.testing.DebugLogging;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.guacdaffinity.membership.ScriptedSource.pod;
import static io.guacdaffinity.membership.ScriptedSource.pods;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefreshLoopTest {

    private final MutableClock clock = new MutableClock();
    private final ScriptedSource source = new ScriptedSource();
    private final List<HashRing> published = new ArrayList<>();

    private RefreshLoop loop(String... properties) {
        Map<String, String> p = new HashMap<>();
        p.put("guacd-affinity-srv", Answers.SRV);
        p.put("guacd-affinity-refresh-min", "2");
        p.put("guacd-affinity-refresh-max", "10");
        p.put("guacd-affinity-srv-empty-grace", "20");
        p.put("guacd-affinity-virtual-nodes", "50");
        for (int i = 0; i < properties.length; i += 2)
            p.put(properties[i], properties[i + 1]);
        AffinityConfig config = AffinityConfig.from(p::get);
        return new RefreshLoop(source, config,
                new RefreshDelays(config.refreshMinSeconds(), config.refreshMaxSeconds(), () -> 0.0), clock,
                published::add);
    }

    private HashRing last() {
        return published.get(published.size() - 1);
    }

    private static List<String> names(HashRing ring) {
        List<String> out = new ArrayList<>();
        for (Member m : ring.members())
            out.add(m.name());
        return out;
    }

    /** Runs one refresh and moves the clock to when the next is due. */
    private Duration step(RefreshLoop loop) {
        Duration next = loop.refresh();
        clock.advance(next);
        return next;
    }

    @Test
    void publishesOnlyWhenTheMemberSetChanges() {
        source.members(5, pods(0, 1, 2)).members(5, pods(2, 1, 0)).members(5, pods(0, 1, 2, 3, 4)).members(5, pods(0, 1));
        RefreshLoop loop = loop();
        assertEquals(Duration.ofSeconds(5), step(loop));
        assertEquals(1, published.size());
        step(loop);
        assertEquals(1, published.size(), "same members in another order: nothing to publish");
        step(loop);
        assertEquals(List.of("guacd-stateful-0", "guacd-stateful-1", "guacd-stateful-2", "guacd-stateful-3",
                "guacd-stateful-4"), names(last()));
        step(loop);
        assertEquals(List.of("guacd-stateful-0", "guacd-stateful-1"), names(last()));
        assertEquals(3, published.size());
        assertEquals(RingSource.SRV, loop.status().source());
    }

    @Test
    void aNewHostForTheSameNameIsPublishedAndKeepsEveryKeyWhereItWas() {
        Member moved = new Member("guacd-stateful-1", "10.1.2.3", 4823);
        source.members(5, pods(0, 1, 2)).members(5, pod(0), moved, pod(2));
        RefreshLoop loop = loop();
        step(loop);
        HashRing before = last();
        step(loop);
        HashRing after = last();
        assertEquals(2, published.size());
        assertEquals(names(before), names(after));
        assertEquals("10.1.2.3", after.member("guacd-stateful-1").host());
        assertEquals(4823, after.member("guacd-stateful-1").port());
        for (int k = 0; k < 2000; k++)
            assertEquals(before.route("user-" + k).name(), after.route("user-" + k).name());
    }

    @Test
    void failuresKeepTheLastRingAndBackOffUpToMax() {
        source.members(30, pods(0, 1)).fails("DNS server 10.96.0.10:53 did not answer within 2000 ms");
        RefreshLoop loop = loop();
        assertEquals(Duration.ofSeconds(10), step(loop), "TTL 30 clamped to refresh-max");
        HashRing good = last();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 5; i++)
            delays.add(step(loop).getSeconds());
        assertEquals(List.of(2L, 4L, 8L, 10L, 10L), delays);
        assertEquals(1, published.size());
        assertSame(good, last());
        MembershipStatus s = loop.status();
        assertEquals(RingSource.SRV, s.source());
        assertEquals(5, s.consecutiveFailures());
        assertTrue(s.lastError().contains("10.96.0.10:53"), s.lastError());
        assertNotNull(s.lastSuccess());
        assertTrue(s.nextRefresh().isAfter(s.lastErrorAt()));
    }

    @Test
    void anUnexpectedExceptionFromTheSourceIsAFailureNotACrash() {
        source.members(5, pods(0)).crashes().members(5, pods(0, 1));
        RefreshLoop loop = loop();
        step(loop);
        assertEquals(Duration.ofSeconds(2), step(loop));
        assertTrue(loop.status().lastError().contains("bug in a source"));
        step(loop);
        assertEquals(2, published.size());
        assertEquals(0, loop.status().consecutiveFailures());
    }

    @Test
    void emptyAnswerKeepsTheRingForTheGracePeriodThenFallsBackAndReturns() {
        source.members(5, pods(0, 1, 2)).empty(5);
        RefreshLoop loop = loop("guacd-affinity-members", "backup-0=10.9.9.9:4822");
        step(loop);
        HashRing srvRing = last();
        long waited = 0;
        while (waited < 20) {
            assertSame(srvRing, last(), "kept during grace, after " + waited + " s");
            waited += step(loop).getSeconds();
        }
        assertEquals(20, waited, "a look-up is due exactly when the grace period ends");
        assertSame(srvRing, last());
        step(loop);
        assertEquals(2, published.size());
        assertEquals(List.of("backup-0"), names(last()));
        assertEquals(RingSource.FALLBACK, loop.status().source());
        assertNotNull(loop.status().emptySince());

        source.members(5, pods(0, 1));
        step(loop);
        assertEquals(List.of("guacd-stateful-0", "guacd-stateful-1"), names(last()));
        assertEquals(RingSource.SRV, loop.status().source());
        assertNull(loop.status().emptySince());
    }

    @Test
    void statusAlreadyDescribesARingWhenItIsPublished() {
        source.members(5, pods(0)).empty(5);
        AffinityConfig config = AffinityConfig.from(Map.of("guacd-affinity-srv", Answers.SRV,
                "guacd-affinity-members", "backup-0=10.9.9.9", "guacd-affinity-srv-empty-grace", "0")::get);
        List<String> seen = new ArrayList<>();
        RefreshLoop[] loop = new RefreshLoop[1];
        loop[0] = new RefreshLoop(source, config, new RefreshDelays(5, 30, () -> 0.0), clock,
                ring -> seen.add(names(ring) + " " + loop[0].status().source() + " " + loop[0].status().members().size()));
        step(loop[0]);
        step(loop[0]);
        assertEquals(List.of("[guacd-stateful-0] SRV 1", "[backup-0] FALLBACK 1"), seen);
    }

    @Test
    void withoutStaticListTheRingEmptiesAfterTheGracePeriod() {
        source.members(5, pods(0)).empty(30);
        RefreshLoop loop = loop();
        step(loop);
        step(loop);
        assertNotNull(last());
        clock.advance(Duration.ofSeconds(20));
        step(loop);
        assertNull(last());
        assertEquals(RingSource.NONE, loop.status().source());
        assertTrue(loop.status().members().isEmpty());
    }

    @Test
    void atStartUpTheStaticListStandsInAtOnceWhenSrvFailsOrIsEmpty() {
        source.fails("DNS server 10.96.0.10:53 is down").members(5, pods(0));
        RefreshLoop loop = loop("guacd-affinity-members", "backup-0=10.9.9.9");
        step(loop);
        assertEquals(List.of("backup-0"), names(last()));
        assertEquals(RingSource.FALLBACK, loop.status().source());
        step(loop);
        assertEquals(List.of("guacd-stateful-0"), names(last()));

        ScriptedSource emptyAtStart = new ScriptedSource().empty(5);
        List<HashRing> rings = new ArrayList<>();
        AffinityConfig config = AffinityConfig.from(Map.of("guacd-affinity-srv", Answers.SRV,
                "guacd-affinity-members", "backup-0=10.9.9.9")::get);
        new RefreshLoop(emptyAtStart, config, new RefreshDelays(5, 30, () -> 0.0), clock, rings::add).refresh();
        assertEquals(List.of("backup-0"), names(rings.get(0)));
    }

    @Test
    void withNothingAtAllThereIsNoRingAndNoCrash() {
        source.fails("DNS server 10.96.0.10:53 is down").empty(5);
        RefreshLoop loop = loop();
        step(loop);
        step(loop);
        assertTrue(published.isEmpty());
        assertEquals(RingSource.NONE, loop.status().source());
    }

    @Test
    void warningsOfTheLastAnswerAreInTheStatus() {
        source.warned(5, "skipped SRV record \"x\": port 0 cannot be connected to", pods(0));
        RefreshLoop loop = loop();
        step(loop);
        assertEquals(List.of("skipped SRV record \"x\": port 0 cannot be connected to"), loop.status().warnings());
        assertEquals(5, loop.status().lastTtlSeconds());
    }

    @Test
    void aRingThatCannotBeBuiltKeepsTheLastOne() {
        Member heavy = new Member("heavy-0", "10.0.0.1", 4822, 1000);
        Member heavier = new Member("heavy-1", "10.0.0.2", 4822, 1000);
        source.members(5, pods(0)).members(5, heavy, heavier);
        RefreshLoop loop = loop("guacd-affinity-virtual-nodes", "10000");
        step(loop);
        step(loop);
        assertEquals(1, published.size());
        assertEquals(List.of("guacd-stateful-0"), names(last()));
        assertTrue(loop.status().lastError().contains("cannot build a ring"), loop.status().lastError());
    }

    @Test
    void anUnexpectedFailureOfTheSourceLeavesItsStackTraceAtDebug() {
        source.crashes();
        RefreshLoop loop = loop();
        String log;
        try (CapturedLog captured = CapturedLog.start(); DebugLogging debug = DebugLogging.of(Membership.class)) {
            loop.refresh();
            log = String.join("\n", captured.lines());
        }
        assertTrue(log.contains("WARN io.guacdaffinity.membership.Membership - SRV look-up of SRV test failed"
                + " unexpectedly: java.lang.IllegalStateException: bug in a source"), log);
        assertTrue(log.contains("DEBUG io.guacdaffinity.membership.Membership - SRV look-up of SRV test failed"
                + " unexpectedly\njava.lang.IllegalStateException: bug in a source"), log);
        assertTrue(log.contains("\tat io.guacdaffinity.membership.ScriptedSource"), log);
    }
}
