package io.guacdaffinity.membership;

import io.guacdaffinity.ring.HashRing;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SrvAnswerReaderTest {

    private static final Name QUERY = Answers.name(SRV);
    private static final SrvAnswerReader PLAIN = new SrvAnswerReader(new ConnectHosts(""), false, HashRing.DEFAULT_VIRTUAL_NODES);

    private static Resolution read(Message m) throws MemberSourceException {
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
    void eachRecordBecomesAMemberNamedAfterItsPodWithTheTargetAsHost() throws MemberSourceException {
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
    void theOrderDnsReturnsRecordsInDoesNotMatter() throws MemberSourceException {
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
    void targetRootIsSkippedWithAWarningNamingTheRecord() throws MemberSourceException {
        Resolution r = read(ok(pod("guacd-stateful-0"), srv(5, 33, 4822, ".")));
        assertEquals(List.of("guacd-stateful-0"), names(r));
        String w = onlyWarning(r);
        assertTrue(w.contains("SRV 0 33 4822 .") && w.contains("target \".\""), w);
    }

    @Test
    void portZeroIsSkippedWithAWarningNamingTheRecord() throws MemberSourceException {
        Resolution r = read(ok(pod("guacd-stateful-0"), srv(5, 33, 0, "guacd-stateful-1." + DOMAIN)));
        assertEquals(List.of("guacd-stateful-0"), names(r));
        String w = onlyWarning(r);
        assertTrue(w.contains("guacd-stateful-1." + DOMAIN) && w.contains("port 0"), w);
    }

    @Test
    void targetThatIsNotAHostNameIsSkipped() throws MemberSourceException {
        Resolution r = read(ok(pod("guacd-stateful-0"),
                srv(5, 33, 4822, "guacd_stateful_1." + DOMAIN),
                srv(5, 33, 4822, "-guacd." + DOMAIN),
                srv(5, 33, 4822, "guacd\\.1." + DOMAIN)));
        assertEquals(List.of("guacd-stateful-0"), names(r));
        assertEquals(3, r.warnings().size(), r.warnings().toString());
        for (String w : r.warnings())
            assertTrue(w.startsWith("skipped SRV record") && w.contains("is not a DNS host name"), w);
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("\"guacd_stateful_1." + DOMAIN.substring(0,
                DOMAIN.length() - 1) + "\" is not")), r.warnings().toString());
    }

    @Test
    void targetThatIsAnAddressIsSkippedBecauseItNamesNoPod() throws MemberSourceException {
        Resolution r = read(ok(pod("guacd-stateful-0"), srv(5, 33, 4822, "10.0.0.7.")));
        assertEquals(List.of("guacd-stateful-0"), names(r));
        assertTrue(onlyWarning(r).contains("\"10.0.0.7\" is an IP address"), r.warnings().toString());
    }

    @Test
    void duplicateMemberNamesAreAllSkippedSoTheResultDoesNotDependOnOrder() throws MemberSourceException {
        SRVRecord a = srv(5, 33, 4822, "guacd-stateful-1.guacd-headless.guacamole.svc.cluster.local.");
        SRVRecord b = srv(5, 33, 4822, "guacd-stateful-1.other." + DOMAIN);
        for (Message m : List.of(ok(pod("guacd-stateful-0"), a, b), ok(b, pod("guacd-stateful-0"), a))) {
            Resolution r = read(m);
            assertEquals(List.of("guacd-stateful-0"), names(r));
            String w = onlyWarning(r);
            assertTrue(w.contains("\"guacd-stateful-1\"") && w.contains("guacd-stateful-1." + DOMAIN)
                    && w.contains("guacd-stateful-1.other." + DOMAIN), w);
        }
    }

    @Test
    void samePodOnTwoPortsIsADuplicateToo() throws MemberSourceException {
        Resolution r = read(ok(pod("guacd-stateful-0"), srv(5, 33, 4823, "guacd-stateful-0." + DOMAIN)));
        assertTrue(r.isEmpty());
        assertTrue(onlyWarning(r).contains("same member name \"guacd-stateful-0\""));
    }

    @Test
    void anIdenticalRecordTwiceIsOneMember() throws MemberSourceException {
        Message m = ok(pod("guacd-stateful-0"));
        m.addRecord(pod("guacd-stateful-0"), Section.ANSWER);
        m.getSection(Section.ANSWER);
        Resolution r = read(m);
        assertEquals(List.of("guacd-stateful-0"), names(r));
        assertTrue(r.warnings().isEmpty());
    }

    @Test
    void whenEveryRecordIsMalformedTheAnswerCountsAsEmpty() throws MemberSourceException {
        Resolution r = read(ok(srv(7, 1, 4822, "."), srv(3, 1, 0, "guacd-0." + DOMAIN)));
        assertTrue(r.isEmpty());
        assertEquals(2, r.warnings().size());
        assertEquals(3, r.ttlSeconds(), "the TTL still says when to look again");
        assertTrue(r.answer().contains("every one of 2 SRV records"), r.answer());
    }

    @Test
    void nxdomainAndNodataAreEmptyWithTheNegativeTtlFromTheSoa() throws MemberSourceException {
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
    void theSmallestTtlCounts() throws MemberSourceException {
        Resolution r = read(ok(srv(30, 1, 4822, "guacd-0." + DOMAIN), srv(2, 1, 4822, "guacd-1." + DOMAIN)));
        assertEquals(2, r.ttlSeconds());
    }

    @Test
    void recordsOfOtherNamesAreIgnoredButACnameChainIsFollowed() throws MemberSourceException {
        String alias = "_guacd._tcp.real.guacamole.svc.cluster.local.";
        Message m = ok(Answers.cname(SRV + ".", alias),
                srv(alias, 5, 1, 4822, "guacd-0." + DOMAIN),
                srv("_other._tcp.x.cluster.local.", 5, 1, 4822, "intruder-0." + DOMAIN));
        Resolution r = read(m);
        assertEquals(List.of("guacd-0"), names(r));
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    }

    @Test
    void aCnameDoesNotMoveTheDomainTargetsMustLieIn() throws MemberSourceException {
        // The alias is data from DNS; where tunnels may go is decided by the configured name alone.
        String alias = "_guacd._tcp.real.guacamole.svc.cluster.local.";
        Resolution r = read(ok(Answers.cname(SRV + ".", alias), srv(alias, 5, 1, 4822, "guacd-0." + DOMAIN),
                srv(alias, 5, 1, 4822, "guacd-1.real.guacamole.svc.cluster.local.")));
        assertEquals(List.of("guacd-0"), names(r));
        assertTrue(onlyWarning(r).contains("target \"guacd-1.real.guacamole.svc.cluster.local\" lies outside"),
                r.warnings().toString());
    }

    @Test
    void namesAndHostsAreLowerCase() throws MemberSourceException {
        Resolution r = read(ok(srv(5, 1, 4822, "GUACD-Stateful-0.Guacd-Headless.guacamole.svc.cluster.local.")));
        assertEquals("guacd-stateful-0", r.members().get(0).name());
        assertEquals("guacd-stateful-0.guacd-headless.guacamole.svc.cluster.local", r.members().get(0).host());
    }

    @Test
    void hostTemplateUsesTheOrdinalAndTheName() throws MemberSourceException {
        SrvAnswerReader byOrdinal = new SrvAnswerReader(new ConnectHosts("guacd-{ordinal}.guacamole.svc.cluster.local"), false,
                HashRing.DEFAULT_VIRTUAL_NODES);
        Resolution r = byOrdinal.read(QUERY, ok(pod("guacd-stateful-0"), pod("guacd-stateful-12")), "x");
        assertEquals("guacd-0.guacamole.svc.cluster.local", r.members().get(0).host());
        assertEquals("guacd-12.guacamole.svc.cluster.local", r.members().get(1).host());
        assertEquals("guacd-stateful-12", r.members().get(1).name(), "the name stays the pod name");

        SrvAnswerReader byName = new SrvAnswerReader(new ConnectHosts("{name}.guacd.example.org"), false,
                HashRing.DEFAULT_VIRTUAL_NODES);
        assertEquals("guacd-stateful-3.guacd.example.org",
                byName.read(QUERY, ok(pod("guacd-stateful-3")), "x").members().get(0).host());
    }

    @Test
    void aPodWithoutOrdinalIsSkippedWhenTheTemplateNeedsOne() throws MemberSourceException {
        SrvAnswerReader byOrdinal = new SrvAnswerReader(new ConnectHosts("guacd-{ordinal}.guacamole.svc.cluster.local"), false,
                HashRing.DEFAULT_VIRTUAL_NODES);
        Resolution r = byOrdinal.read(QUERY, ok(pod("guacd-stateful-0"), pod("guacd-abc")), "x");
        assertEquals(List.of("guacd-stateful-0"), names(r));
        assertTrue(onlyWarning(r).contains("\"guacd-abc\" has no ordinal"), r.warnings().toString());
    }

    @Test
    void weightsComeFromSrvOnlyWhenEnabledAndStayWithinBounds() throws MemberSourceException {
        SrvAnswerReader weighted = new SrvAnswerReader(new ConnectHosts(""), true, HashRing.DEFAULT_VIRTUAL_NODES);
        Resolution r = weighted.read(QUERY, ok(srv(5, 0, 4822, "guacd-0." + DOMAIN), srv(5, 40, 4822, "guacd-1." + DOMAIN),
                srv(5, 60000, 4822, "guacd-2." + DOMAIN)), "x");
        assertEquals(1, r.members().get(0).weight(), "weight 0 still takes part");
        assertEquals(40, r.members().get(1).weight());
        assertEquals(SrvAnswerReader.MAX_WEIGHT, r.members().get(2).weight());
        assertTrue(onlyWarning(r).contains("weight 60000"));
    }

    private static final String HOST_TEMPLATE = "guacd-{ordinal}.guacamole.svc.cluster.local";
    /** What the warning for a target outside the Service's domain says is accepted. */
    private static final String ONLY_POD_TARGETS = " lies outside the Service's domain; only targets named"
            + " <pod>.guacd-headless.guacamole.svc.cluster.local (the domain of guacd-affinity-srv) are accepted unless"
            + " guacd-affinity-srv-host-template is set";

    @Test
    void withoutATemplateATargetOutsideTheServiceDomainIsSkippedNamingRecordTargetAndWhatIsAccepted()
            throws MemberSourceException {
        String[] outside = {
            "localhost.",
            "guacd-9.elsewhere.example.",
            // the domain as a prefix of another name, or without the dot that makes it a parent
            "guacd-stateful-1.guacd-headless.guacamole.svc.cluster.local.evil.example.",
            "guacd-stateful-1.not-guacd-headless.guacamole.svc.cluster.local.",
            "evilguacd-headless.guacamole.svc.cluster.local.",
            // the Service's own name is no pod
            "guacd-headless.guacamole.svc.cluster.local.",
        };
        List<Record> records = new ArrayList<>(List.of(pod("guacd-stateful-0")));
        for (String target : outside)
            records.add(srv(5, 33, 4822, target));
        Resolution r = read(ok(records.toArray(new Record[0])));
        assertEquals(List.of("guacd-stateful-0"), names(r), "nothing outside the domain becomes a member");
        assertEquals(outside.length, r.warnings().size(), r.warnings().toString());
        for (String target : outside) {
            String shown = target.substring(0, target.length() - 1);
            String expected = "skipped SRV record \"" + SRV + ". 5 SRV 0 33 4822 " + target + "\": target \""
                    + shown + "\"" + ONLY_POD_TARGETS;
            assertTrue(r.warnings().contains(expected), "expected " + expected + " in " + r.warnings());
        }
    }

    @Test
    void targetsDeeperUnderTheDomainAndInAnyCaseAreUnderIt() throws MemberSourceException {
        Resolution r = read(ok(srv(5, 1, 4822, "guacd-0.zone-a." + DOMAIN),
                srv(5, 1, 4822, "guacd-1.GUACD-HEADLESS.Guacamole.svc.cluster.local.")));
        assertEquals(List.of("guacd-0", "guacd-1"), names(r));
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    }

    @Test
    void theDomainIsTheSrvNameWithoutItsServiceAndProtocolLabels() {
        assertEquals("guacd-headless.guacamole.svc.cluster.local", SrvAnswerReader.serviceDomain(QUERY));
        assertEquals("guacd.example.org", SrvAnswerReader.serviceDomain(Answers.name("guacd.example.org.")));
        assertEquals("", SrvAnswerReader.serviceDomain(Answers.name("_guacd._tcp.")));
    }

    @Test
    void anSrvNameWithoutADomainAcceptsNoTargetAndSaysWhy() throws MemberSourceException {
        Name bare = Answers.name("_guacd._tcp.");
        Message m = ok();
        m.addRecord(srv("_guacd._tcp.", 5, 1, 4822, "localhost."), Section.ANSWER);
        Resolution r = PLAIN.read(bare, m, "x");
        assertTrue(r.isEmpty());
        assertTrue(onlyWarning(r).endsWith("target \"localhost\" lies outside the Service's domain;"
                + " guacd-affinity-srv has no domain after its _service._protocol labels, so no target is accepted"
                + " unless guacd-affinity-srv-host-template is set"), r.warnings().toString());
    }

    @Test
    void withATemplateTheTargetIsNotDialledSoItsDomainDoesNotMatter() throws MemberSourceException {
        SrvAnswerReader byOrdinal = new SrvAnswerReader(new ConnectHosts(HOST_TEMPLATE), false,
                HashRing.DEFAULT_VIRTUAL_NODES);
        Resolution r = byOrdinal.read(QUERY, ok(srv(5, 1, 4822, "guacd-stateful-4.elsewhere.example."),
                srv(5, 1, 4822, "localhost.")), "x");
        assertEquals(List.of("guacd-stateful-4"), names(r));
        assertEquals("guacd-4.guacamole.svc.cluster.local", r.members().get(0).host());
        // localhost has no ordinal, so the template cannot place it
        assertTrue(onlyWarning(r).contains("pod name \"localhost\" has no ordinal"), r.warnings().toString());
    }

    @Test
    void podsTheTemplateMapsOntoOneHostKeepTheNameSortingFirstWhateverTheRecordOrder() throws MemberSourceException {
        SrvAnswerReader byOrdinal = new SrvAnswerReader(new ConnectHosts(HOST_TEMPLATE), false,
                HashRing.DEFAULT_VIRTUAL_NODES);
        List<Record> records = new ArrayList<>(List.of(pod("guacd-b-0"), pod("guacd-a-0"), pod("guacd-b-1"),
                pod("guacd-c-0")));
        Random random = new Random(3);
        for (int round = 0; round < 6; round++) {
            Collections.shuffle(records, random);
            Resolution r = byOrdinal.read(QUERY, ok(records.toArray(new Record[0])), "x");
            assertEquals(List.of("guacd-a-0", "guacd-b-1"), names(r), records.toString());
            assertEquals(List.of(
                    "skipped SRV record \"" + SRV + ". 5 SRV 0 33 4822 guacd-b-0." + DOMAIN + "\": member \"guacd-b-0\""
                            + " would connect to guacd-0.guacamole.svc.cluster.local:4822, as member \"guacd-a-0\""
                            + " (from \"" + SRV + ". 5 SRV 0 33 4822 guacd-a-0." + DOMAIN + "\") does; two members must"
                            + " not be one guacd, so the name sorting first is kept (check"
                            + " guacd-affinity-srv-host-template)",
                    "skipped SRV record \"" + SRV + ". 5 SRV 0 33 4822 guacd-c-0." + DOMAIN + "\": member \"guacd-c-0\""
                            + " would connect to guacd-0.guacamole.svc.cluster.local:4822, as member \"guacd-a-0\""
                            + " (from \"" + SRV + ". 5 SRV 0 33 4822 guacd-a-0." + DOMAIN + "\") does; two members must"
                            + " not be one guacd, so the name sorting first is kept (check"
                            + " guacd-affinity-srv-host-template)"),
                    r.warnings());
        }
    }

    @Test
    void twoSpellingsOfOneAddressAreOneHost() throws MemberSourceException {
        // {ordinal} keeps leading zeros: "fd00::0" and "fd00::00" are one IPv6 address
        SrvAnswerReader byAddress = new SrvAnswerReader(new ConnectHosts("fd00::{ordinal}"), false,
                HashRing.DEFAULT_VIRTUAL_NODES);
        Resolution r = byAddress.read(QUERY, ok(pod("guacd-00"), pod("guacd-0"), pod("guacd-1")), "x");
        assertEquals(List.of("guacd-0", "guacd-1"), names(r));
        assertTrue(onlyWarning(r).contains("member \"guacd-00\" would connect to [fd00:0:0:0:0:0:0:0]:4822, as member"
                + " \"guacd-0\""), r.warnings().toString());
    }

    @Test
    void oneHostOnDifferentPortsIsTwoGuacds() throws MemberSourceException {
        SrvAnswerReader byOrdinal = new SrvAnswerReader(new ConnectHosts(HOST_TEMPLATE), false,
                HashRing.DEFAULT_VIRTUAL_NODES);
        Resolution r = byOrdinal.read(QUERY, ok(srv(5, 1, 4822, "guacd-a-0." + DOMAIN),
                srv(5, 1, 4823, "guacd-b-0." + DOMAIN)), "x");
        assertEquals(List.of("guacd-a-0", "guacd-b-0"), names(r));
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    }

    private static Message pods(int count) {
        Record[] records = new Record[count];
        for (int i = 0; i < count; i++)
            records[i] = pod("guacd-stateful-" + i);
        return ok(records);
    }

    @Test
    void anAnswerWithMoreMembersThanARingTakesIsRefusedWhole() throws MemberSourceException {
        assertEquals(HashRing.MAX_MEMBERS, read(pods(HashRing.MAX_MEMBERS)).members().size());
        MemberSourceException e = assertThrows(MemberSourceException.class, () -> read(pods(HashRing.MAX_MEMBERS + 1)));
        assertEquals("SRV answer for " + SRV + " from 10.96.0.10:53 refused: 1001 members given; at most 1000 are"
                + " accepted (1001 SRV records)", e.getMessage());
    }

    @Test
    void srvWeightsThatWouldMakeTooManyRingPointsAreRefusedWhole() throws MemberSourceException {
        SrvAnswerReader weighted = new SrvAnswerReader(new ConnectHosts(""), true, HashRing.DEFAULT_VIRTUAL_NODES);
        Message heavy = ok(srv(5, 1000, 4822, "guacd-0." + DOMAIN), srv(5, 1000, 4822, "guacd-1." + DOMAIN),
                srv(5, 1000, 4822, "guacd-2." + DOMAIN));
        MemberSourceException e = assertThrows(MemberSourceException.class, () -> weighted.read(QUERY, heavy, "x"));
        assertEquals("SRV answer for " + SRV + " from x refused: ring would need 4500000 points (3 members, total"
                + " weight 3000, 1500 virtual nodes per weight); at most 4000000 are accepted: lower the weights or"
                + " the virtual nodes (3 SRV records; the weights are the records' own, as guacd-affinity-srv-weights"
                + " is true)", e.getMessage());
        // the same records without SRV weights make an ordinary ring
        assertEquals(3, read(heavy).members().size());
        // and fewer virtual nodes make room for the weights
        SrvAnswerReader fewerPoints = new SrvAnswerReader(new ConnectHosts(""), true, 1000);
        assertEquals(3000, fewerPoints.read(QUERY, heavy, "x").members().stream().mapToInt(Member::weight).sum());
    }
}
