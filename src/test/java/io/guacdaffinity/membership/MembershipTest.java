package io.guacdaffinity.membership;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.testing.CapturedLog;
import io.guacdaffinity.testing.DebugLogging;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.guacdaffinity.membership.ScriptedSource.pods;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MembershipTest {

    private static AffinityConfig config(String... properties) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < properties.length; i += 2)
            p.put(properties[i], properties[i + 1]);
        return AffinityConfig.from(p::get);
    }

    private static java.util.Set<Thread> membershipThreads() {
        java.util.Set<Thread> out = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("guacd-affinity-membership") && t.isAlive())
                out.add(t);
        }
        return out;
    }

    private static boolean membershipThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("guacd-affinity-membership") && t.isAlive());
    }

    @Test
    void staticListAloneGivesAFixedRingAndNoThread() {
        try (Membership m = Membership.start(config("guacd-affinity-members", "a=10.0.0.1 b=10.0.0.2:4823*2"))) {
            HashRing ring = m.current();
            assertEquals(2, ring.size());
            assertEquals(4823, ring.member("b").port());
            assertEquals(2, ring.member("b").weight());
            assertEquals(RingSource.STATIC, m.status().source());
            assertNull(m.status().nextRefresh());
            assertTrue(!membershipThreadAlive());
        }
    }

    @Test
    void nothingConfiguredMeansNoRing() {
        try (Membership m = Membership.start(AffinityConfig.defaults())) {
            assertNull(m.current());
            assertEquals(RingSource.NONE, m.status().source());
        }
    }

    @Test
    void srvRingIsThereWhenStartReturnsAndChangesReachListeners() throws Exception {
        ScriptedSource source = new ScriptedSource().members(1, pods(0, 1, 2)).members(1, pods(0, 1, 2, 3));
        AffinityConfig c = config("guacd-affinity-srv", Answers.SRV, "guacd-affinity-refresh-min", "1",
                "guacd-affinity-refresh-max", "1", "guacd-affinity-virtual-nodes", "50");
        BlockingQueue<HashRing> seen = new LinkedBlockingQueue<>();
        boolean[] closed = new boolean[1];
        java.util.Set<Thread> before = membershipThreads();
        SrvMembership m = SrvMembership.start(c, source.closing(() -> closed[0] = true), Clock.systemUTC(), () -> 0.0);
        java.util.Set<Thread> ours = membershipThreads();
        ours.removeAll(before);
        try {
            assertEquals(3, m.current().size(), "first look-up happens inside start");
            // the broken listener comes first, so the one after it only sees the ring if publishing goes on
            m.addListener(ring -> {
                throw new IllegalStateException("a broken listener does not stop the others");
            });
            m.addListener(seen::add);
            HashRing next = seen.poll(30, TimeUnit.SECONDS);
            assertNotNull(next, "no ring published within 30 s");
            assertEquals(4, next.size());
            assertEquals(next, m.current());
            assertTrue(membershipThreadAlive());
        }
        finally {
            m.close();
        }
        assertTrue(closed[0]);
        assertNull(m.status().nextRefresh());
        assertEquals(4, m.current().size(), "the last ring stays readable after close");
        assertFalse(ours.isEmpty(), "an SRV membership refreshes on a thread of its own");
        int calls = source.calls;
        for (Thread t : ours) {
            // the pool's worker may take a moment to exit after its last task
            t.join(10_000);
            assertFalse(t.isAlive(), "close() must end the refresh thread, so that nothing looks up again");
        }
        assertEquals(calls, source.calls, "no look-ups after close");
    }

    @Test
    void aDnsClientThatWillNotCloseIsOneWarningWithItsStackTraceAtDebug() {
        AffinityConfig c = config("guacd-affinity-srv", Answers.SRV, "guacd-affinity-refresh-min", "60",
                "guacd-affinity-refresh-max", "60");
        List<String> log;
        try (CapturedLog lines = CapturedLog.start(); DebugLogging debug = DebugLogging.of(Membership.class)) {
            Membership m = SrvMembership.start(c, new ScriptedSource().members(1, pods(0, 1)).closing(() -> {
                throw new IllegalStateException("the DNS client would not close");
            }), Clock.systemUTC(), () -> 0.0);
            m.close();
            log = lines.lines();
        }
        String text = String.join("\n", log);
        assertEquals(1, log.stream().filter(l -> l.contains(" WARN ")
                && l.endsWith("stopping guacd-affinity membership failed: the DNS client would not close")).count(), text);
        assertTrue(text.contains("java.lang.IllegalStateException: the DNS client would not close"), text);
        assertTrue(text.contains("\tat io.guacdaffinity.membership.MembershipTest"), "with its stack trace:\n" + text);
    }
}
