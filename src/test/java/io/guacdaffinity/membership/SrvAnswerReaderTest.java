package io.guacdaffinity.membership;

import io.guacdaffinity.ring.Member;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.guacdaffinity.membership.Answers.DOMAIN;
import static io.guacdaffinity.membership.Answers.SRV;
import static io.guacdaffinity.membership.Answers.ok;
import static io.guacdaffinity.membership.Answers.pod;
import static io.guacdaffinity.membership.Answers.srv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SrvAnswerReaderTest {

    private static final Name QUERY = Answers.name(SRV);
    private static final SrvAnswerReader PLAIN = new SrvAnswerReader(new ConnectHosts(""), false);

    private static Resolution read(Message m) {
        return PLAIN.read(QUERY, m, "10.96.0.10:53");
    }

    private static List<String> names(Resolution r) {
        List<String> out = new ArrayList<>();
        for (Member m : r.members())
            out.add(m.name());
        return out;
    }

    private static String onlyWarning(Resolution r) {
        assertEquals(1, r.warnings().size(), "warnings: " + r.warnings());
        return r.warnings().get(0);
    }

    @Test
    void eachRecordBecomesAMemberNamedAfterItsPodWithTheTargetAsHost() {
        Resolution r = read(ok(pod("guacd-stateful-2"), pod("guacd-stateful-0"), pod("guacd-stateful-1")));
        assertEquals(List.of("guacd-stateful-0", "guacd-stateful-1", "guacd-stateful-2"), names(r));
        Member first = r.members().get(0);
        assertEquals("guacd-stateful-0.guacd-headless.guacamole.svc.cluster.local", first.host());
        assertEquals(4822, first.port());
        assertEquals(1, first.weight(), "SRV weights are ignored unless enabled");
        assertEquals(5, r.ttlSeconds());
        assertTrue(r.warnings().isEmpty());
        assertEquals("3 SRV records from 10.96.0.10:53", r.answer());
    }

    @Test
    void theOrderDnsReturnsRecordsInDoesNotMatter() {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < 20; i++)
            records.add(pod("guacd-stateful-" + i));
        List<Member> expected = read(ok(records.toArray(new Record[0]))).members();
        Random random = new Random(7);
        for (int round = 0; round < 10; round++) {
            Collections.shuffle(records, random);
            assertEquals(expected, read(ok(records.toArray(new Record[0]))).members());
        }
    }

    @Test
    void targetRootIsSkippedWithAWarningNamingTheRecord() {
        Resolution r = read(ok(pod("guacd-stateful-0"), srv(5, 33, 4822, ".")));
        assertEquals(List.of("guacd-stateful-0"), names(r));
        String w = onlyWarning(r);
        assertTrue(w.contains("SRV 0 33 4822 .") && w.contains("target \".\""), w);
    }

    @Test
    void portZeroIsSkippedWithAWarningNamingTheRecord() {
        Resolution r = read(ok(pod("guacd-stateful-0"), srv(5, 33, 0, "guacd-stateful-1." + DOMAIN)));
        assertEquals(List.of("guacd-stateful-0"), names(r));
        String w = onlyWarning(r);
        assertTrue(w.contains("guacd-stateful-1." + DOMAIN) && w.contains("port 0"), w);
    }

    @Test
    void targetThatIsNotAHostNameIsSkipped() {
        Resolution r = read(ok(pod("guacd-stateful-0"),
                srv(5, 33, 4822, "guacd_stateful_1." + DOMAIN),
                srv(5, 33, 4822, "-guacd." + DOMAIN),
                srv(5, 33, 4822, "guacd\\.1." + DOMAIN)));
        assertEquals(List.of("guacd-stateful-0"), names(r));
        assertEquals(3, r.warnings().size(), r.warnings().toString());
        for (String w : r.warnings())
            assertTrue(w.startsWith("skipped SRV record") && w.contains("is not a DNS host name"), w);
        assertTrue(r.warnings().get(0).contains("guacd_stateful_1"), r.warnings().get(0));
    }

    @Test
    void targetThatIsAnAddressIsSkippedBecauseItNamesNoPod() {
        Resolution r = read(ok(pod("guacd-stateful-0"), srv(5, 33, 4822, "10.0.0.7.")));
        assertEquals(List.of("guacd-stateful-0"), names(r));
        assertTrue(onlyWarning(r).contains("\"10.0.0.7\" is an IP address"), r.warnings().toString());
    }

    @Test
    void duplicateMemberNamesAreAllSkippedSoTheResultDoesNotDependOnOrder() {
        SRVRecord a = srv(5, 33, 4822, "guacd-stateful-1.guacd-headless.guacamole.svc.cluster.local.");
        SRVRecord b = srv(5, 33, 4822, "guacd-stateful-1.other-headless.guacamole.svc.cluster.local.");
        for (Message m : List.of(ok(pod("guacd-stateful-0"), a, b), ok(b, pod("guacd-stateful-0"), a))) {
            Resolution r = read(m);
            assertEquals(List.of("guacd-stateful-0"), names(r));
            String w = onlyWarning(r);
            assertTrue(w.contains("\"guacd-stateful-1\"") && w.contains("guacd-headless") && w.contains("other-headless"), w);
        }
    }

    @Test
    void samePodOnTwoPortsIsADuplicateToo() {
        Resolution r = read(ok(pod("guacd-stateful-0"), srv(5, 33, 4823, "guacd-stateful-0." + DOMAIN)));
        assertTrue(r.isEmpty());
        assertTrue(onlyWarning(r).contains("same member name \"guacd-stateful-0\""));
    }

    @Test
    void anIdenticalRecordTwiceIsOneMember() {
        Message m = ok(pod("guacd-stateful-0"));
        m.addRecord(pod("guacd-stateful-0"), Section.ANSWER);
        m.getSection(Section.ANSWER);
        Resolution r = read(m);
        assertEquals(List.of("guacd-stateful-0"), names(r));
        assertTrue(r.warnings().isEmpty());
    }

    @Test
    void whenEveryRecordIsMalformedTheAnswerCountsAsEmpty() {
        Resolution r = read(ok(srv(7, 1, 4822, "."), srv(3, 1, 0, "guacd-0." + DOMAIN)));
        assertTrue(r.isEmpty());
        assertEquals(2, r.warnings().size());
        assertEquals(3, r.ttlSeconds(), "the TTL still says when to look again");
        assertTrue(r.answer().contains("every one of 2 SRV records"), r.answer());
    }

    @Test
    void nxdomainAndNodataAreEmptyWithTheNegativeTtlFromTheSoa() {
        Message nx = Answers.response(Rcode.NXDOMAIN);
        nx.addRecord(Answers.soa(30, 5), Section.AUTHORITY);
        Resolution r = read(nx);
        assertTrue(r.isEmpty());
        assertEquals(5, r.ttlSeconds());
        assertTrue(r.answer().startsWith("NXDOMAIN"));

        Resolution nodata = read(ok());
        assertTrue(nodata.isEmpty());
        assertEquals(Resolution.UNKNOWN_TTL, nodata.ttlSeconds());
    }

    @Test
    void theSmallestTtlCounts() {
        Resolution r = read(ok(srv(30, 1, 4822, "guacd-0." + DOMAIN), srv(2, 1, 4822, "guacd-1." + DOMAIN)));
        assertEquals(2, r.ttlSeconds());
    }

    @Test
    void recordsOfOtherNamesAreIgnoredButACnameChainIsFollowed() {
        String alias = "_guacd._tcp.real.guacamole.svc.cluster.local.";
        Message m = ok(Answers.cname(SRV + ".", alias),
                srv(alias, 5, 1, 4822, "guacd-0.real.guacamole.svc.cluster.local."),
                srv("_other._tcp.x.cluster.local.", 5, 1, 4822, "intruder-0.x.cluster.local."));
        assertEquals(List.of("guacd-0"), names(read(m)));
    }

    @Test
    void namesAndHostsAreLowerCase() {
        Resolution r = read(ok(srv(5, 1, 4822, "GUACD-Stateful-0.Guacd-Headless.guacamole.svc.cluster.local.")));
        assertEquals("guacd-stateful-0", r.members().get(0).name());
        assertEquals("guacd-stateful-0.guacd-headless.guacamole.svc.cluster.local", r.members().get(0).host());
    }

    @Test
    void hostTemplateUsesTheOrdinalAndTheName() {
        SrvAnswerReader byOrdinal = new SrvAnswerReader(new ConnectHosts("guacd-{ordinal}.guacamole.svc.cluster.local"), false);
        Resolution r = byOrdinal.read(QUERY, ok(pod("guacd-stateful-0"), pod("guacd-stateful-12")), "x");
        assertEquals("guacd-0.guacamole.svc.cluster.local", r.members().get(0).host());
        assertEquals("guacd-12.guacamole.svc.cluster.local", r.members().get(1).host());
        assertEquals("guacd-stateful-12", r.members().get(1).name(), "the name stays the pod name");

        SrvAnswerReader byName = new SrvAnswerReader(new ConnectHosts("{name}.guacd.example.org"), false);
        assertEquals("guacd-stateful-3.guacd.example.org",
                byName.read(QUERY, ok(pod("guacd-stateful-3")), "x").members().get(0).host());
    }

    @Test
    void aPodWithoutOrdinalIsSkippedWhenTheTemplateNeedsOne() {
        SrvAnswerReader byOrdinal = new SrvAnswerReader(new ConnectHosts("guacd-{ordinal}.guacamole.svc.cluster.local"), false);
        Resolution r = byOrdinal.read(QUERY, ok(pod("guacd-stateful-0"), pod("guacd-abc")), "x");
        assertEquals(List.of("guacd-stateful-0"), names(r));
        assertTrue(onlyWarning(r).contains("\"guacd-abc\" has no ordinal"), r.warnings().toString());
    }

    @Test
    void weightsComeFromSrvOnlyWhenEnabledAndStayWithinBounds() {
        SrvAnswerReader weighted = new SrvAnswerReader(new ConnectHosts(""), true);
        Resolution r = weighted.read(QUERY, ok(srv(5, 0, 4822, "guacd-0." + DOMAIN), srv(5, 40, 4822, "guacd-1." + DOMAIN),
                srv(5, 60000, 4822, "guacd-2." + DOMAIN)), "x");
        assertEquals(1, r.members().get(0).weight(), "weight 0 still takes part");
        assertEquals(40, r.members().get(1).weight());
        assertEquals(SrvAnswerReader.MAX_WEIGHT, r.members().get(2).weight());
        assertTrue(onlyWarning(r).contains("weight 60000"));
    }
}
