package io.guacdaffinity.membership;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.dnstest.HeadlessService;
import io.guacdaffinity.dnstest.UnboundServer;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static io.guacdaffinity.ring.RingFixtures.memberNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Membership against a real unbound serving a headless Service's SRV records, in real time:
 * scaling, a pod moving, the DNS server going away and coming back, and the records vanishing.
 * Each step measures how long the ring took to follow and checks it against TTL + refresh-max.
 */
class SrvMembershipIT {

    private static final int TTL = 1;
    private static final int REFRESH_MIN = 1;
    private static final int REFRESH_MAX = 3;
    private static final int GRACE = 4;
    private static final Duration BOUND = Duration.ofSeconds(TTL + REFRESH_MAX);
    /** How long a step may take before the test stops waiting and reports the time it did take. */
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    @AutoClose
    private static UnboundServer dns;
    private static final List<String> timings = new ArrayList<>();

    @BeforeAll
    static void startDns() throws Exception {
        dns = UnboundServer.serving(new HeadlessService(TTL).pods(0, 1, 2));
    }

    @AfterAll
    static void reportTimings() throws Exception {
        if (!timings.isEmpty()) {
            String table = String.join(System.lineSeparator(), timings) + System.lineSeparator();
            System.out.print("SRV membership timings (TTL " + TTL + " s, refresh " + REFRESH_MIN + "-" + REFRESH_MAX
                    + " s, grace " + GRACE + " s):" + System.lineSeparator() + table);
            Path report = Paths.get("target", "srv-membership-timings.txt");
            if (Files.isDirectory(report.getParent()))
                Files.writeString(report, table, StandardCharsets.UTF_8);
        }
    }

    private static AffinityConfig config(String staticMembers) {
        Map<String, String> p = HeadlessService.membershipProperties(dns.address(), 500, REFRESH_MIN, REFRESH_MAX);
        p.put("guacd-affinity-srv-empty-grace", String.valueOf(GRACE));
        p.put("guacd-affinity-virtual-nodes", "100");
        p.put("guacd-affinity-members", staticMembers);
        return AffinityConfig.from(p::get);
    }

    private static List<String> pods(int... ordinals) {
        List<String> out = new ArrayList<>();
        for (int i : ordinals)
            out.add(HeadlessService.podName(i));
        return out;
    }

    /** Polls until {@code condition} holds; returns how long that took from {@code since}. */
    private static Duration await(String step, long since, BooleanSupplier condition, Membership m) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - since > GIVE_UP.toNanos())
                throw new AssertionError(step + ": not seen within " + GIVE_UP.getSeconds() + " s; status "
                        + m.status() + "\nunbound log:\n" + dns.log());
            Thread.sleep(5);
        }
        return Duration.ofNanos(System.nanoTime() - since);
    }

    private static void record(String step, Duration took, Duration bound) {
        timings.add(String.format("  %-62s %6d ms (bound %d ms)", step, took.toMillis(), bound.toMillis()));
        assertTrue(took.compareTo(bound) <= 0, step + " took " + took.toMillis() + " ms, more than " + bound.toMillis()
                + " ms (TTL + refresh-max)");
    }

    private static Duration awaitMembers(String step, Membership m, List<String> expected) throws InterruptedException {
        long since = System.nanoTime();
        Duration took = await(step, since, () -> memberNames(m.current()).equals(expected), m);
        record(step, took, BOUND);
        return took;
    }

    @Test
    void ringFollowsTheHeadlessServiceThroughScalingMovesOutagesAndRemoval() throws Exception {
        AtomicInteger published = new AtomicInteger();
        dns.setRecords(new HeadlessService(TTL).pods(0, 1, 2).records());
        long startedAt = System.nanoTime();
        try (SrvMembership m = SrvMembership.start(config("guacd-fallback-0=192.0.2.10:4822"))) {
            m.addListener(ring -> published.incrementAndGet());
            record("start with 3 pods (first look-up inside start)", Duration.ofNanos(System.nanoTime() - startedAt), BOUND);
            assertEquals(pods(0, 1, 2), memberNames(m.current()));
            assertEquals(RingSource.SRV, m.status().source());
            assertEquals(TTL, m.status().lastTtlSeconds());
            assertEquals(HeadlessService.target(0), m.current().member("guacd-stateful-0").host());

            dns.setRecords(new HeadlessService(TTL).pods(0, 1, 2, 3, 4).records());
            awaitMembers("scale 3 -> 5", m, pods(0, 1, 2, 3, 4));

            dns.setRecords(new HeadlessService(TTL).pods(0, 1).notReady(2).records());
            awaitMembers("scale 5 -> 2", m, pods(0, 1));

            podKeepsItsNameWithANewAddress(m, published);
            dnsServerGoesAwayAndComesBack(m);
            recordsVanishThenFallbackThenReturn(m);
        }
    }

    private void podKeepsItsNameWithANewAddress(Membership m, AtomicInteger published) throws Exception {
        HashRing before = m.current();
        int publishedBefore = published.get();
        // The pod is rescheduled: same name and target, new IP. The member does not change at all.
        dns.setRecords(new HeadlessService(TTL).pod(0, "127.0.1.0", 4822).pod(1, "127.0.9.1", 4822).records());
        Instant changed = Instant.now();
        long since = System.nanoTime();
        Duration took = await("pod 1 new IP", since, () -> m.status().lastSuccess() != null
                && m.status().lastSuccess().isAfter(changed), m);
        record("pod 1 new IP: a look-up has seen it (no member change)", took, BOUND);
        assertEquals("127.0.9.1", addressOf(HeadlessService.target(1)), "the DNS server serves the new IP");
        assertSame(before, m.current(), "same names, targets and ports: the ring is not rebuilt");
        assertEquals(publishedBefore, published.get());

        // The pod comes back on another port: same name, new address, so a new ring with the same keys.
        dns.setRecords(new HeadlessService(TTL).pod(0, "127.0.1.0", 4822).pod(1, "127.0.9.1", 4823).records());
        since = System.nanoTime();
        took = await("pod 1 new port", since, () -> m.current().member("guacd-stateful-1").port() == 4823, m);
        record("pod 1 new port: host change published, names unchanged", took, BOUND);
        HashRing after = m.current();
        assertEquals(memberNames(before), memberNames(after));
        assertEquals(publishedBefore + 1, published.get());
        for (int k = 0; k < 1000; k++)
            assertEquals(before.route("user-" + k).name(), after.route("user-" + k).name());
    }

    private void dnsServerGoesAwayAndComesBack(Membership m) throws Exception {
        HashRing kept = m.current();
        dns.stop();
        long since = System.nanoTime();
        Duration took = await("DNS down noticed", since, () -> m.status().consecutiveFailures() > 0, m);
        record("DNS server stopped: failure noticed", took, BOUND);
        String error = m.status().lastError();
        assertTrue(error.contains(dns.address()) && error.contains("is down"), error);

        // Keep it down for longer than a whole refresh cycle: the ring stays, routing keeps answering.
        long downUntil = since + Duration.ofSeconds(TTL + REFRESH_MAX + 1).toNanos();
        while (System.nanoTime() < downUntil) {
            HashRing now = m.current();
            assertSame(kept, now);
            Member routed = now.route("user-42");
            assertNotNull(routed);
            assertTrue(kept.contains(routed.name()));
            Thread.sleep(20);
        }
        assertTrue(m.status().consecutiveFailures() >= 2, m.status().toString());
        assertEquals(RingSource.SRV, m.status().source());
        timings.add(String.format("  %-62s %6d ms with %d failed look-ups, ring kept", "DNS server stopped",
                Duration.ofNanos(System.nanoTime() - since).toMillis(), m.status().consecutiveFailures()));

        // While it was down the Service scaled to 3; the restarted server knows.
        dns.setRecords(new HeadlessService(TTL).pods(0, 1, 2).records());
        dns.start();
        awaitMembers("DNS server started again (records now 3 pods)", m, pods(0, 1, 2));
        assertEquals(0, m.status().consecutiveFailures());
    }

    private void recordsVanishThenFallbackThenReturn(Membership m) throws Exception {
        HashRing srvRing = m.current();
        dns.setRecords(new HeadlessService(TTL).notReady(0).notReady(1).notReady(2).records());
        long since = System.nanoTime();
        Duration took = await("empty noticed", since, () -> m.status().emptySince() != null, m);
        record("SRV records removed: NXDOMAIN noticed", took, BOUND);
        Instant emptySince = m.status().emptySince();

        took = await("fallback", since, () -> {
            HashRing ring = m.current();
            if (ring == srvRing)
                return false;
            assertEquals(List.of("guacd-fallback-0"), memberNames(ring), "from the SRV ring straight to the fallback");
            return true;
        }, m);
        Duration bound = Duration.ofSeconds(GRACE).plus(BOUND);
        record("records removed -> static fallback (grace " + GRACE + " s)", took, bound);
        assertEquals(RingSource.FALLBACK, m.status().source());
        Instant fellBackAt = m.status().lastSuccess();
        assertTrue(!fellBackAt.isBefore(emptySince.plusSeconds(GRACE)),
                "fell back at " + fellBackAt + ", before the grace period that began at " + emptySince + " ended");

        dns.setRecords(new HeadlessService(TTL).pods(0, 1).records());
        awaitMembers("records back -> SRV again", m, pods(0, 1));
        assertEquals(RingSource.SRV, m.status().source());
    }

    @Test
    void answersLargerThanAUdpPacketAreReadOverTcp() throws Exception {
        int pods = 120;
        int[] ordinals = new int[pods];
        for (int i = 0; i < pods; i++)
            ordinals[i] = i;
        dns.setRecords(new HeadlessService(30).pods(ordinals).records());

        // What a UDP answer alone carries: truncated, without the records.
        SimpleResolver udpOnly = new SimpleResolver(new InetSocketAddress("127.0.0.1", dns.port()));
        udpOnly.setIgnoreTruncation(true);
        Message query = Message.newQuery(Record.newRecord(Name.fromString(HeadlessService.SRV + "."), Type.SRV, DClass.IN));
        Message udp = udpOnly.send(query);
        assertTrue(udp.getHeader().getFlag(org.xbill.DNS.Flags.TC), "the UDP answer is truncated");
        int udpRecords = udp.getSection(Section.ANSWER).size();
        assertTrue(udpRecords < pods, udpRecords + " records came over UDP");

        try (SrvMemberSource source = new SrvMemberSource(config(""))) {
            Resolution r = source.resolve();
            assertEquals(pods, r.members().size(), r.toString());
            assertTrue(r.warnings().isEmpty(), r.warnings().toString());
            timings.add(String.format("  %-62s %6s    (%d of them over UDP, TC set)", pods + " SRV records resolved",
                    "all", udpRecords));
        }
    }

    private static String addressOf(String host) throws IOException {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", dns.port()));
        Message answer = r.send(Message.newQuery(Record.newRecord(Name.fromString(host + "."), Type.A, DClass.IN)));
        for (Record rec : answer.getSection(Section.ANSWER)) {
            if (rec instanceof ARecord)
                return ((ARecord) rec).getAddress().getHostAddress();
        }
        return null;
    }
}
