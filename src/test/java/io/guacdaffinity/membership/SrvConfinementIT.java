package io.guacdaffinity.membership;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.dnstest.HeadlessService;
import io.guacdaffinity.dnstest.UnboundServer;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.testing.CapturedLog;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.guacdaffinity.ring.RingFixtures.memberNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where an SRV answer may send tunnels, against a real unbound serving the records: targets outside
 * the headless Service's domain, pods a host template maps onto one host, and answers too large for
 * a ring. Each case checks what an administrator sees: the membership status (the status page's
 * "last error", doctor's warnings) and the WARN lines of the log, each written once.
 */
class SrvConfinementIT {

    private static final int TTL = 1;
    private static final String SRV = HeadlessService.SRV;
    private static final String DOMAIN = HeadlessService.DOMAIN;
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    @AutoClose
    private static UnboundServer dns;

    @BeforeAll
    static void startDns() throws Exception {
        dns = UnboundServer.serving(new HeadlessService(TTL).pods(0, 1, 2));
    }

    private static AffinityConfig config(String... extra) {
        Map<String, String> p = HeadlessService.membershipProperties(dns.address(), 1000, 1, 2);
        p.put("guacd-affinity-virtual-nodes", "100");
        for (int i = 0; i < extra.length; i += 2)
            p.put(extra[i], extra[i + 1]);
        return AffinityConfig.from(p::get);
    }

    /**
     * A Service with names short enough that more than 1000 of its SRV records fit in one DNS
     * message: with Kubernetes' usual names about 790 do (the next test shows what happens beyond).
     */
    private static final String SHORT_SRV = "_guacd._tcp.g.cluster.local";

    /** An SRV record of the headless Service, as unbound local-data. */
    private static String srv(int weight, String target) {
        return srv(SRV, weight, target);
    }

    private static String srv(String owner, int weight, String target) {
        return owner + ". " + TTL + " IN SRV 0 " + weight + " 4822 " + target + ".";
    }

    /** SRV records of {@link #SHORT_SRV} for pods p0 .. count-1. */
    private static List<String> shortSrv(int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++)
            out.add(srv(SHORT_SRV, 1, "p" + i + ".g.cluster.local"));
        return out;
    }

    /** As the extension describes the record {@link #srv} makes. */
    private static String shown(int weight, String target) {
        return "\"" + SRV + ". " + TTL + " SRV 0 " + weight + " 4822 " + target + ".\"";
    }

    /** SRV records (no addresses) for pods guacd-stateful-0 .. count-1, each of this weight. */
    private static List<String> srvOnly(int count, int weight) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++)
            out.add(srv(weight, HeadlessService.target(i)));
        return out;
    }

    private static void await(String what, BooleanSupplier condition, Membership m) throws InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline)
                throw new AssertionError(what + ": not seen within " + GIVE_UP.getSeconds() + " s; status "
                        + m.status() + "\nunbound log:\n" + dns.log());
            Thread.sleep(10);
        }
    }

    /** Waits until {@code count} more look-ups have been answered, so that repeated warnings would have shown. */
    private static void awaitAnswers(Membership m, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            Instant before = m.status().lastSuccess();
            await("another answered look-up", () -> {
                Instant now = m.status().lastSuccess();
                return now != null && !now.equals(before);
            }, m);
        }
    }

    @Test
    void targetsOutsideTheServiceDomainNeverBecomeMembersAndEachIsNamedInOneWarning() throws Exception {
        String[] outside = {"localhost", "guacd-9.elsewhere.example", "guacd-stateful-2." + DOMAIN + ".evil.example"};
        List<String> records = new ArrayList<>(new HeadlessService(TTL).pods(0, 1).records());
        for (String target : outside)
            records.add(srv(100, target));
        dns.setRecords(records);

        try (CapturedLog log = CapturedLog.start(); Membership m = Membership.start(config())) {
            assertEquals(List.of("guacd-stateful-0", "guacd-stateful-1"), memberNames(m.current()));
            assertEquals(HeadlessService.target(0), m.current().member("guacd-stateful-0").host());

            List<String> expected = new ArrayList<>();
            for (String target : outside)
                expected.add("skipped SRV record " + shown(100, target) + ": target \"" + target + "\" lies outside the"
                        + " Service's domain; only targets named <pod>." + DOMAIN + " (the domain of"
                        + " guacd-affinity-srv) are accepted unless guacd-affinity-srv-host-template is set");
            for (String line : expected)
                assertTrue(m.status().warnings().contains(line), "status warnings " + m.status().warnings()
                        + " lack " + line);
            assertEquals(outside.length, m.status().warnings().size(), m.status().warnings().toString());

            awaitAnswers(m, 3);
            for (String line : expected)
                assertEquals(1, log.warnings(line).size(), "one WARN for " + line + " over several look-ups; log:\n"
                        + String.join("\n", log.lines()));
        }
    }

    @Test
    void podsATemplateMapsOntoOneHostAreOneMemberNamedAfterThePodSortingFirst() throws Exception {
        // Two StatefulSets behind one headless Service: their pods share ordinals, and the template
        // knows only the ordinal, so guacd-a-0 and guacd-b-0 would both be 127.0.1.0.
        String a0 = "guacd-a-0." + DOMAIN;
        String b0 = "guacd-b-0." + DOMAIN;
        String b1 = "guacd-b-1." + DOMAIN;
        dns.setRecords(List.of(srv(100, b0), srv(100, b1), srv(100, a0)));

        try (CapturedLog log = CapturedLog.start();
             Membership m = Membership.start(config("guacd-affinity-srv-host-template", "127.0.1.{ordinal}"))) {
            assertEquals(List.of("guacd-a-0", "guacd-b-1"), memberNames(m.current()));
            assertEquals("127.0.1.0", m.current().member("guacd-a-0").host());
            assertEquals("127.0.1.1", m.current().member("guacd-b-1").host());
            String expected = "skipped SRV record " + shown(100, b0) + ": member \"guacd-b-0\" would connect to"
                    + " 127.0.1.0:4822, as member \"guacd-a-0\" (from " + shown(100, a0) + ") does; two members must"
                    + " not be one guacd, so the name sorting first is kept (check guacd-affinity-srv-host-template)";
            assertEquals(List.of(expected), m.status().warnings());

            awaitAnswers(m, 3);
            assertEquals(1, log.warnings(expected).size(), String.join("\n", log.lines()));
        }
    }

    @Test
    void anAnswerWithTooManyMembersIsRefusedAndTheLastRingKeepsRouting() throws Exception {
        dns.setRecords(shortSrv(3));
        try (CapturedLog log = CapturedLog.start(); Membership m = Membership.start(config("guacd-affinity-srv", SHORT_SRV))) {
            HashRing kept = m.current();
            assertEquals(List.of("p0", "p1", "p2"), memberNames(kept));

            dns.setRecords(shortSrv(HashRing.MAX_MEMBERS + 1));
            String refusal = "SRV answer for " + SHORT_SRV + " from " + dns.address() + " refused: 1001 members"
                    + " given; at most 1000 are accepted (1001 SRV records)";
            await("the refusal", () -> refusal.equals(m.status().lastError()), m);
            assertSame(kept, m.current(), "the last ring stays");
            assertEquals(RingSource.SRV, m.status().source());
            assertEquals(1, log.warnings(refusal + "; keeping the last ring of 3 members (SRV); next try in").size(),
                    String.join("\n", log.lines()));
            awaitFailures(m, 3);
            assertSame(kept, m.current(), "still the last ring after repeated refusals");
            assertEquals(1, log.warnings(refusal).size(), "the same refusal is logged at WARN once");

            // Exactly as many members as a ring takes is an ordinary answer again.
            dns.setRecords(shortSrv(HashRing.MAX_MEMBERS));
            await("1000 members", () -> m.current() != null && m.current().size() == HashRing.MAX_MEMBERS, m);
            assertEquals(0, m.status().consecutiveFailures());
        }
    }

    @Test
    void anAnswerTooLargeForOneDnsMessageFailsTheLookUpInsteadOfEmptyingTheRing() throws Exception {
        dns.setRecords(new HeadlessService(TTL).pods(0, 1, 2).records());
        try (CapturedLog log = CapturedLog.start();
             Membership m = Membership.start(config("guacd-affinity-srv-empty-grace", "1"))) {
            HashRing kept = m.current();
            assertEquals(3, kept.size());

            // 1001 Kubernetes-length records need about 82 KB: unbound answers truncated, with no record, even over TCP
            dns.setRecords(srvOnly(HashRing.MAX_MEMBERS + 1, 100));
            String failure = "SRV look-up of " + SRV + " failed: DNS server " + dns.address() + " answered truncated"
                    + " even over TCP: the SRV records do not fit in one DNS message (64 KiB), so the answer cannot list"
                    + " every pod";
            await("the failure", () -> failure.equals(m.status().lastError()), m);
            // longer than the 1 s grace an empty answer would get
            awaitFailures(m, 3);
            assertSame(kept, m.current(), "a truncated answer is no empty answer: the last ring stays");
            assertEquals(null, m.status().emptySince());
            assertEquals(1, log.warnings(failure + "; keeping the last ring of 3 members (SRV); next try in").size(),
                    String.join("\n", log.lines()));
        }
    }

    @Test
    void srvWeightsThatWouldMakeTooManyPointsAreRefusedAtStartUpInFavourOfTheStaticList() throws Exception {
        dns.setRecords(srvOnly(3, 1000));
        AffinityConfig config = config("guacd-affinity-srv-weights", "true", "guacd-affinity-virtual-nodes", "1500",
                "guacd-affinity-members", "guacd-fallback-0=192.0.2.10:4822");
        String refusal = "SRV answer for " + SRV + " from " + dns.address() + " refused: ring would need 4500000"
                + " points (3 members, total weight 3000, 1500 virtual nodes per weight); at most 4000000 are accepted:"
                + " lower the weights or the virtual nodes (3 SRV records; the weights are the records' own, as"
                + " guacd-affinity-srv-weights is true)";
        try (CapturedLog log = CapturedLog.start(); Membership m = Membership.start(config)) {
            assertEquals(refusal, m.status().lastError());
            assertEquals(RingSource.FALLBACK, m.status().source());
            assertEquals(List.of("guacd-fallback-0"), memberNames(m.current()), "no SRV ring yet: the static list routes");
            assertEquals(1, log.warnings(refusal + "; keeping no ring; next try in").size(),
                    String.join("\n", log.lines()));

            // CoreDNS's own weights (100 / pods) fit easily.
            dns.setRecords(srvOnly(3, 33));
            await("the SRV ring", () -> m.status().source() == RingSource.SRV, m);
            assertEquals(List.of("guacd-stateful-0", "guacd-stateful-1", "guacd-stateful-2"), memberNames(m.current()));
            assertEquals(3 * 33, m.current().totalWeight());
        }
    }

    private static void awaitFailures(Membership m, int count) throws InterruptedException {
        int start = m.status().consecutiveFailures();
        await(count + " more failed look-ups", () -> m.status().consecutiveFailures() >= start + count, m);
    }
}
