package io.guacdaffinity.membership;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.dnstest.HeadlessService;
import io.guacdaffinity.dnstest.UnboundServer;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several DNS servers in guacd-affinity-dns-servers, against real unbound processes: one refusing
 * every query (a resolver the pod may not use), one serving the headless Service.
 */
class DnsServerFailoverIT {

    @AutoClose
    private static UnboundServer refusing;
    @AutoClose
    private static UnboundServer serving;

    @BeforeAll
    static void start() throws Exception {
        refusing = UnboundServer.refusingEveryQuery();
        serving = UnboundServer.serving(new HeadlessService(5).pods(0, 1, 2));
    }

    private static SrvMemberSource source(String dnsServers) {
        Map<String, String> p = new HashMap<>();
        p.put("guacd-affinity-srv", HeadlessService.SRV);
        p.put("guacd-affinity-dns-servers", dnsServers);
        p.put("guacd-affinity-dns-timeout", "2000");
        return new SrvMemberSource(AffinityConfig.from(p::get));
    }

    @Test
    void aRefusingServerIsSkippedForTheNextAndNamedInAWarning() throws Exception {
        try (SrvMemberSource source = source(refusing.address() + ", " + serving.address())) {
            Resolution r = source.resolve();
            assertEquals(3, r.members().size(), r.toString());
            assertTrue(r.answer().endsWith("from " + serving.address()), r.answer());
            assertEquals(1, r.warnings().size(), r.warnings().toString());
            assertTrue(r.warnings().get(0).startsWith("DNS server " + refusing.address() + " answered REFUSED"),
                    r.warnings().get(0));
        }
    }

    @Test
    void whenEveryServerRefusesTheErrorSaysWhichAndHow() throws Exception {
        try (SrvMemberSource source = source(refusing.address())) {
            MemberSourceException e = assertThrows(MemberSourceException.class, source::resolve);
            assertTrue(e.getMessage().startsWith("SRV look-up of " + HeadlessService.SRV + " failed: DNS server "
                    + refusing.address() + " answered REFUSED"), e.getMessage());
        }
    }

    @Test
    void aServerThatSaysTheNameDoesNotExistIsBelievedNotSkipped() throws Exception {
        // NXDOMAIN is an answer: the refusing server listed after it is never needed
        Map<String, String> p = new HashMap<>();
        p.put("guacd-affinity-srv", "_guacd._tcp.no-such-service.guacamole.svc.cluster.local");
        p.put("guacd-affinity-dns-servers", serving.address() + ", " + refusing.address());
        try (SrvMemberSource source = new SrvMemberSource(AffinityConfig.from(p::get))) {
            Resolution r = source.resolve();
            assertTrue(r.isEmpty(), r.toString());
            assertTrue(r.warnings().isEmpty(), "the refusing server was asked: " + r.warnings());
        }
    }
}
