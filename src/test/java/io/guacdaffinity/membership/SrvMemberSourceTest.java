package io.guacdaffinity.membership;

import io.guacdaffinity.conf.AffinityConfig;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.guacdaffinity.membership.Answers.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SrvMemberSourceTest {

    private static final InetSocketAddress FIRST = new InetSocketAddress("127.0.0.1", 5301);
    private static final InetSocketAddress SECOND = new InetSocketAddress("127.0.0.1", 5302);

    private static AffinityConfig config(String dnsServers, String timeout) {
        Map<String, String> p = new HashMap<>();
        p.put("guacd-affinity-srv", Answers.SRV);
        p.put("guacd-affinity-dns-servers", dnsServers);
        p.put("guacd-affinity-dns-timeout", timeout);
        return AffinityConfig.from(p::get);
    }

    /** A source whose servers answer from {@code answers}; a missing entry means the server times out. */
    private static SrvMemberSource scripted(Map<InetSocketAddress, Message> answers, List<InetSocketAddress> asked) {
        DnsExchange exchange = (server, query, timeout) -> {
            asked.add(server);
            Message m = answers.get(server);
            if (m == null)
                throw new java.util.concurrent.TimeoutException();
            return m;
        };
        return new SrvMemberSource(config("", "500"), () -> List.of(FIRST, SECOND), "two servers", exchange, () -> { });
    }

    @Test
    void theFirstServerThatAnswersDecides() throws Exception {
        List<InetSocketAddress> asked = new ArrayList<>();
        SrvMemberSource source = scripted(Map.of(FIRST, Answers.ok(pod("guacd-0")), SECOND, Answers.ok()), asked);
        Resolution r = source.resolve();
        assertEquals(1, r.members().size());
        assertEquals(List.of(FIRST), asked);
        assertTrue(r.answer().endsWith("from 127.0.0.1:5301"), r.answer());
    }

    @Test
    void servfailAndRefusedAreFailuresSoTheNextServerIsAsked() throws Exception {
        for (int rcode : new int[] { Rcode.SERVFAIL, Rcode.REFUSED, Rcode.FORMERR, Rcode.NOTIMP }) {
            List<InetSocketAddress> asked = new ArrayList<>();
            SrvMemberSource source = scripted(Map.of(FIRST, Answers.response(rcode),
                    SECOND, Answers.ok(pod("guacd-0"), pod("guacd-1"))), asked);
            Resolution r = source.resolve();
            assertEquals(2, r.members().size(), Rcode.string(rcode));
            assertEquals(List.of(FIRST, SECOND), asked);
            assertEquals(1, r.warnings().size());
            assertTrue(r.warnings().get(0).startsWith("DNS server 127.0.0.1:5301 answered " + Rcode.string(rcode))
                    && r.warnings().get(0).endsWith(", so the next server was asked"), r.warnings().get(0));
        }
    }

    @Test
    void anAnswerTruncatedEvenOverTcpIsAFailureNotAShortList() throws Exception {
        Message truncated = Answers.ok(pod("guacd-0"));
        truncated.getHeader().setFlag(Flags.TC);
        List<InetSocketAddress> asked = new ArrayList<>();
        SrvMemberSource source = scripted(Map.of(FIRST, truncated, SECOND, truncated), asked);
        MemberSourceException e = assertThrows(MemberSourceException.class, source::resolve);
        assertEquals("SRV look-up of " + Answers.SRV + " failed: DNS server 127.0.0.1:5301 answered truncated even"
                + " over TCP: the SRV records do not fit in one DNS message (64 KiB), so the answer cannot list every"
                + " pod; DNS server 127.0.0.1:5302 answered truncated even over TCP: the SRV records do not fit in one"
                + " DNS message (64 KiB), so the answer cannot list every pod", e.getMessage());
        assertEquals(List.of(FIRST, SECOND), asked);
    }

    @Test
    void nxdomainIsAnAnswerNotAFailure() throws Exception {
        List<InetSocketAddress> asked = new ArrayList<>();
        SrvMemberSource source = scripted(Map.of(FIRST, Answers.response(Rcode.NXDOMAIN),
                SECOND, Answers.ok(pod("guacd-0"))), asked);
        assertTrue(source.resolve().isEmpty());
        assertEquals(List.of(FIRST), asked, "an authoritative no is not retried elsewhere");
    }

    @Test
    void whenNoServerAnswersTheErrorNamesEachServerAndWhatFailed() {
        SrvMemberSource source = scripted(Map.of(FIRST, Answers.response(Rcode.SERVFAIL)), new ArrayList<>());
        MemberSourceException e = assertThrows(MemberSourceException.class, source::resolve);
        assertEquals("SRV look-up of " + Answers.SRV + " failed: DNS server 127.0.0.1:5301 answered SERVFAIL"
                + " (it could not get an answer itself); DNS server 127.0.0.1:5302 did not answer within 500 ms",
                e.getMessage());
    }

    @Test
    void aServerThatIsDownIsReportedAsDownRightAway() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (SrvMemberSource source = new SrvMemberSource(config("127.0.0.1:" + port, "5000"))) {
            long start = System.nanoTime();
            MemberSourceException e = assertThrows(MemberSourceException.class, source::resolve);
            assertEquals("SRV look-up of " + Answers.SRV + " failed: DNS server 127.0.0.1:" + port
                    + " is down: nothing listens on that port (ICMP port unreachable)", e.getMessage());
            assertTrue(System.nanoTime() - start < 4_000_000_000L, "did not wait for the timeout");
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws IOException {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             SrvMemberSource source = new SrvMemberSource(config("127.0.0.1:" + silent.getLocalPort(), "300"))) {
            MemberSourceException e = assertThrows(MemberSourceException.class, source::resolve);
            assertEquals("SRV look-up of " + Answers.SRV + " failed: DNS server 127.0.0.1:" + silent.getLocalPort()
                    + " did not answer within 300 ms", e.getMessage());
        }
    }

    @Test
    void describeSaysWhatIsAsked() {
        try (SrvMemberSource source = new SrvMemberSource(config("127.0.0.1:5353 [::1]", "2000"))) {
            assertEquals("SRV " + Answers.SRV + " via 127.0.0.1:5353, [::1]:53 (timeout 2000 ms per server)",
                    source.describe());
        }
        try (SrvMemberSource source = new SrvMemberSource(config("", "2000"))) {
            assertTrue(source.describe().contains("the system resolver's servers"));
        }
    }
}
