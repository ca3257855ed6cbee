package io.guacdaffinity.conf;

import io.guacdaffinity.ring.Member;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** guacd-affinity-members: {@code [name=]host[:port][*weight]}, separated by commas or white space. */
class MembersParsingTest {

    private static List<Member> members(String text) {
        return AffinityConfig.from(name -> name.equals("guacd-affinity-members") ? text : null).members();
    }

    private static String refusal(String text) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> members(text));
        assertEquals(1, e.problems().size());
        String message = e.problems().get(0);
        assertTrue(message.startsWith("property guacd-affinity-members = \"" + text.trim() + "\" is not accepted"), message);
        assertTrue(message.contains(AffinityConfig.MEMBERS.accepted()), message);
        return message;
    }

    @Test
    void hostAloneIsNamedByItsFirstLabelOnGuacdsPortWithWeightOne() {
        assertEquals(List.of(new Member("guacd-0", "guacd-0.guacamole.svc.cluster.local", 4822, 1)),
                members("guacd-0.guacamole.svc.cluster.local"));
    }

    @Test
    void everyPartCanBeGiven() {
        assertEquals(List.of(new Member("guacd-stateful-0", "guacd-0.guacamole.svc.cluster.local", 4823, 3)),
                members("guacd-stateful-0=guacd-0.guacamole.svc.cluster.local:4823*3"));
    }

    @Test
    void separatorsAreCommasOrWhiteSpaceInAnyMix() {
        List<Member> m = members("  a=h1 ,b=h2,\n\tc=h3:1*2 ,, ");
        assertEquals(List.of(new Member("a", "h1", 4822), new Member("b", "h2", 4822), new Member("c", "h3", 1, 2)), m);
    }

    @Test
    void emptyMeansNoMembers() {
        assertEquals(List.of(), members(""));
        assertEquals(List.of(), members(" , "));
    }

    @Test
    void ipv6InBracketsWithAndWithoutPort() {
        assertEquals(List.of(new Member("fd00::1", "fd00::1", 4822), new Member("v6", "::1", 4900, 2),
                        new Member("x", "::ffff:10.0.0.1", 4822)),
                members("[fd00::1] v6=[::1]:4900*2 x=[::ffff:10.0.0.1]"));
    }

    @Test
    void ipv4AddressesNameThemselvesSoTheyDoNotCollide() {
        List<Member> m = members("10.0.0.5, 10.0.0.6:4823");
        assertEquals(List.of(new Member("10.0.0.5", "10.0.0.5", 4822), new Member("10.0.0.6", "10.0.0.6", 4823)), m);
    }

    @Test
    void trailingDotOfAFullyQualifiedNameIsDropped() {
        assertEquals(List.of(new Member("guacd-1", "guacd-1.guacamole.svc.cluster.local", 4822)),
                members("guacd-1.guacamole.svc.cluster.local."));
    }

    @Test
    void duplicateNamesAreRefused() {
        assertTrue(refusal("a=h1,a=h2").contains("member name \"a\" appears twice"));
        // Two hosts with the same first label collide as pod names would.
        assertTrue(refusal("guacd-0.ns1.svc guacd-0.ns2.svc").contains("member name \"guacd-0\" appears twice"));
    }

    @Test
    void sameHostOnTwoPortsIsAllowed() {
        assertEquals(2, members("a=h:4822,b=h:4823").size());
    }

    @Test
    void twoMembersOnOneHostAndPortAreRefusedNamingBoth() {
        assertTrue(refusal("a=10.0.0.1:4822, b=10.0.0.2, c=10.0.0.1").contains("(members \"a\" and \"c\" both"
                + " connect to 10.0.0.1:4822; each member must be a different guacd)"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a=guacd.example.org b=GUACD.Example.org:4822 | guacd.example.org:4822",
        "a=guacd.example.org. b=guacd.example.org | guacd.example.org:4822",
        "a=[fd00::1] b=[fd00:0:0::1]:4822 | [fd00:0:0:0:0:0:0:1]:4822",
        "a=10.0.0.1 b=[::ffff:10.0.0.1] | 10.0.0.1:4822" })
    void twoSpellingsOfOneHostAreOneHost(String text, String endpoint) {
        String message = refusal(text);
        assertTrue(message.contains("members \"a\" and \"b\" both connect to " + endpoint), message);
    }

    @ParameterizedTest
    @ValueSource(strings = { "-bad", "bad-", "a..b", "999.1.1.1", "1.2.3", "under_score", "n\u00e4=h", "[1:::2]",
            "[fd00::1::2]", "[12345::1]", "[1:2:3:4:5:6:7]", "[1.2.3.4::]", "[::1.2.3.999]", "x=" })
    void badHostsAreRefusedNamingTheHost(String text) {
        String message = refusal(text);
        assertTrue(message.contains("host \"") || message.contains("member name \""), message);
    }

    @Test
    void badHostMessageQuotesTheHostAndItsItem() {
        String message = refusal("ok=h1, b=a..b:4822");
        assertTrue(message.contains("host \"a..b\" in \"a..b:4822\" is not a DNS host name"), message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "h:0,         port \"0\",       is not a number from 1 to 65535",
            "h:65536,     port \"65536\",   is not a number from 1 to 65535",
            "h:abc,       port \"abc\",     is not a number from 1 to 65535",
            "h:,          port \"\",        is not a number from 1 to 65535",
            "[::1]:70000, port \"70000\",   is not a number from 1 to 65535",
            "h*0,         weight \"0\",     is not a whole number from 1 to 1000",
            "h*-1,        weight \"-1\",    is not a whole number from 1 to 1000",
            "h*1001,      weight \"1001\",  is not a whole number from 1 to 1000",
            "h*x,         weight \"x\",     is not a whole number from 1 to 1000",
            "h*,          weight \"\",      is not a whole number from 1 to 1000",
            "h*1.5,       weight \"1.5\",   is not a whole number from 1 to 1000" })
    void badPortsAndWeightsAreRefusedNamingTheValueAndTheRange(String text, String value, String range) {
        String message = refusal(text);
        assertTrue(message.contains(value), message);
        assertTrue(message.contains(range), message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "h:1, 1, 1", "h:65535, 65535, 1", "h*1, 4822, 1", "h:4822*1000, 4822, 1000" })
    void portsAndWeightsAtTheEdgesAreAccepted(String text, int port, int weight) {
        Member member = members(text).get(0);
        assertEquals(port, member.port());
        assertEquals(weight, member.weight());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "-x=h, -x", "=h, ''" })
    void badMemberNamesAreRefused(String text, String name) {
        assertTrue(refusal(text).contains("member name \"" + name + "\""));
    }

    @Test
    void ipv6LiteralCheck() {
        for (String ok : new String[] { "::", "::1", "fd00::", "1:2:3:4:5:6:7:8", "1::8", "::ffff:1.2.3.4",
                "1:2:3:4:5:6:1.2.3.4", "FD00:0:0:0:0:0:0:1" })
            assertTrue(HostPort.isIpv6Address(ok), ok);
        for (String bad : new String[] { ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
                "12345::", "1.2.3.4::", "::1.2.3", "g::1", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:" })
            assertFalse(HostPort.isIpv6Address(bad), bad);
    }
}
