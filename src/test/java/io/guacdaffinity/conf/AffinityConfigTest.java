package io.guacdaffinity.conf;

import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AffinityConfigTest {

    /** A CA certificate in PEM, for guacd-affinity-ssl-truststore. */
    private static final String TEST_CA = testResource("/tls/test-ca.pem");

    private static String testResource(String name) {
        try {
            return Paths.get(AffinityConfigTest.class.getResource(name).toURI()).toString();
        }
        catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AffinityConfig config(String... nameValuePairs) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2)
            values.put(nameValuePairs[i], nameValuePairs[i + 1]);
        return AffinityConfig.from(values::get);
    }

    private static ConfigurationException refused(String... nameValuePairs) {
        return assertThrows(ConfigurationException.class, () -> config(nameValuePairs));
    }

    @Test
    void everyPropertyHasItsDocumentedDefaultWhenUnset() {
        AffinityConfig c = AffinityConfig.defaults();
        assertEquals(List.of(), c.members());
        assertEquals("", c.srv());
        assertFalse(c.srvEnabled());
        assertEquals("", c.srvHostTemplate());
        assertFalse(c.srvWeights());
        assertEquals(5, c.refreshMinSeconds());
        assertEquals(30, c.refreshMaxSeconds());
        assertEquals(60, c.srvEmptyGraceSeconds());
        assertEquals(List.of(), c.dnsServers());
        assertEquals(2000, c.dnsTimeoutMillis());
        assertEquals(KeyMode.USER, c.keyMode());
        assertEquals(HashRing.DEFAULT_VIRTUAL_NODES, c.virtualNodes());
        assertEquals(1500, c.virtualNodes());
        assertEquals(1.25, c.loadFactor());
        assertTrue(c.boundedLoad());
        assertEquals(List.of(), c.warnings());
        assertEquals(5000, c.connectTimeoutMillis());
        assertEquals(3, c.maxAttempts());
        assertEquals(30, c.downCooldownSeconds());
        assertFalse(c.ssl());
        assertEquals(Optional.empty(), c.sslTrustStore());
    }

    @Test
    void retiredPropertiesAreWarnedAboutNotRefused() {
        AffinityConfig c = config("guacd-affinity-members", "guacd-0=10.0.0.1",
                "guacd-affinity-pin-timeout", "3600", "guacd-affinity-max-pins", "not even a number");
        assertEquals(2, c.warnings().size(), c.warnings().toString());
        assertTrue(c.warnings().get(0).startsWith("guacd-affinity-pin-timeout is set but no longer does anything"),
                c.warnings().get(0));
        assertTrue(c.warnings().get(1).startsWith("guacd-affinity-max-pins is set but no longer does anything"),
                c.warnings().get(1));
        assertEquals(1, c.members().size(), "the rest of the configuration is read as usual");
    }

    @Test
    void theDefaultTextOfEverySettingIsWhatTheConfigurationUses() {
        AffinityConfig unset = AffinityConfig.defaults();
        for (Setting<?> s : AffinityConfig.ALL) {
            Object parsedDefault = s.read(name -> null);
            Object spelledOut = s.read(name -> name.equals(s.name()) ? s.defaultText() : null);
            assertEquals(parsedDefault, spelledOut, s.name());
            // Writing the default explicitly must give the same configuration as leaving it out.
            AffinityConfig explicit = AffinityConfig.from(name -> name.equals(s.name()) ? s.defaultText() : null);
            assertEquals(describe(unset), describe(explicit), s.name());
        }
    }

    @Test
    void blankValuesMeanTheDefault() {
        AffinityConfig c = config("guacd-affinity-refresh-min", "   ", "guacd-affinity-key", "");
        assertEquals(5, c.refreshMinSeconds());
        assertEquals(KeyMode.USER, c.keyMode());
    }

    @Test
    void allIsCompleteAndNamedConsistently() {
        Set<String> names = new HashSet<>();
        for (Setting<?> s : AffinityConfig.ALL) {
            assertTrue(s.name().matches("guacd-affinity-[a-z0-9]+(-[a-z0-9]+)*"), s.name());
            assertTrue(names.add(s.name()), "twice in ALL: " + s.name());
            assertFalse(s.accepted().isEmpty(), s.name());
            assertFalse(s.description().isEmpty(), s.name());
        }
    }

    static Stream<Arguments> goodValues() {
        return Stream.of(
                Arguments.of("guacd-affinity-members", "guacd-0.guacamole.svc.cluster.local, b=10.0.0.2:4823*2"),
                Arguments.of("guacd-affinity-srv", "_guacd._tcp.guacd-headless.guacamole.svc.cluster.local."),
                Arguments.of("guacd-affinity-srv-host-template", "guacd-{ordinal}.guacamole.svc.cluster.local"),
                Arguments.of("guacd-affinity-srv-host-template", "{name}.guacd-headless"),
                Arguments.of("guacd-affinity-srv-weights", "TRUE"),
                Arguments.of("guacd-affinity-refresh-min", "1"),
                Arguments.of("guacd-affinity-refresh-max", "86400"),
                Arguments.of("guacd-affinity-srv-empty-grace", "0"),
                Arguments.of("guacd-affinity-dns-servers", "127.0.0.1:5353 [::1] dns.example.org"),
                Arguments.of("guacd-affinity-dns-timeout", "60000"),
                Arguments.of("guacd-affinity-key", "Client-IP"),
                Arguments.of("guacd-affinity-virtual-nodes", "10000"),
                Arguments.of("guacd-affinity-load-factor", "0"),
                Arguments.of("guacd-affinity-load-factor", "1.5"),
                Arguments.of("guacd-affinity-load-factor", "10"),
                Arguments.of("guacd-affinity-connect-timeout", "100"),
                Arguments.of("guacd-affinity-max-attempts", "100"),
                Arguments.of("guacd-affinity-down-cooldown", "3600"),
                Arguments.of("guacd-affinity-health-interval", "0"),
                Arguments.of("guacd-affinity-ssl", "true"),
                Arguments.of("guacd-affinity-ssl-truststore", TEST_CA));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("goodValues")
    void acceptsGoodValues(String property, String value) {
        // every good value differs from its default, so a parser that fell back to the default is caught
        assertNotEquals(describe(config()), describe(config(property, value)),
                property + " = " + value + " was accepted but changed nothing");
    }

    @Test
    void goodValuesAreParsedToWhatTheySay() {
        AffinityConfig c = config(
                "guacd-affinity-srv", "_guacd._tcp.guacd-headless.guacamole.svc.cluster.local.",
                "guacd-affinity-srv-host-template", "guacd-{ordinal}.guacamole.svc.cluster.local",
                "guacd-affinity-srv-weights", "TRUE",
                "guacd-affinity-refresh-min", "10",
                "guacd-affinity-refresh-max", "10",
                "guacd-affinity-srv-empty-grace", "0",
                "guacd-affinity-dns-servers", "127.0.0.1:5353, [::1]",
                "guacd-affinity-dns-timeout", "250",
                "guacd-affinity-key", " Session ",
                "guacd-affinity-virtual-nodes", "100",
                "guacd-affinity-load-factor", "1.5",
                "guacd-affinity-connect-timeout", "100",
                "guacd-affinity-max-attempts", "1",
                "guacd-affinity-down-cooldown", "1",
                "guacd-affinity-ssl", "true",
                "guacd-affinity-ssl-truststore", TEST_CA);
        assertEquals("_guacd._tcp.guacd-headless.guacamole.svc.cluster.local", c.srv(), "trailing dot dropped");
        assertTrue(c.srvEnabled());
        assertEquals("guacd-{ordinal}.guacamole.svc.cluster.local", c.srvHostTemplate());
        assertTrue(c.srvWeights());
        assertEquals(10, c.refreshMinSeconds());
        assertEquals(10, c.refreshMaxSeconds());
        assertEquals(0, c.srvEmptyGraceSeconds());
        assertEquals(List.of(new HostPort("127.0.0.1", 5353), new HostPort("::1", 53)), c.dnsServers());
        assertEquals(250, c.dnsTimeoutMillis());
        assertEquals(KeyMode.SESSION, c.keyMode());
        assertEquals(100, c.virtualNodes());
        assertEquals(1.5, c.loadFactor());
        assertTrue(c.boundedLoad());
        assertEquals(100, c.connectTimeoutMillis());
        assertEquals(1, c.maxAttempts());
        assertEquals(1, c.downCooldownSeconds());
        assertTrue(c.ssl());
        assertEquals(TEST_CA, c.sslTrustStore().orElseThrow().file());
        assertEquals("CN=guacd-affinity test CA",
                c.sslTrustStore().orElseThrow().certificates().get(0).getSubjectX500Principal().getName());
    }

    /** Bad values of every property, with a word of what the message must say was wrong. */
    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("guacd-affinity-members", "-bad", "host \"-bad\""),
                Arguments.of("guacd-affinity-members", "a,a", "appears twice"),
                Arguments.of("guacd-affinity-members", "guacd-0:0", "port \"0\""),
                Arguments.of("guacd-affinity-members", "guacd-0*0", "weight \"0\""),
                Arguments.of("guacd-affinity-srv", "_guacd._tcp..local", "label \"\""),
                Arguments.of("guacd-affinity-srv", "_guacd._tcp.guacd headless", "label \"guacd headless\""),
                Arguments.of("guacd-affinity-srv-host-template", "guacd-{ordinal}.-bad", "would not be"),
                Arguments.of("guacd-affinity-srv-host-template", "guacd-{pod}.svc", "only {ordinal} and {name}"),
                Arguments.of("guacd-affinity-srv-host-template", "guacd.guacamole.svc", "neither {ordinal} nor {name}"),
                Arguments.of("guacd-affinity-srv-weights", "yes", "expected true or false"),
                Arguments.of("guacd-affinity-refresh-min", "0", "out of range"),
                Arguments.of("guacd-affinity-refresh-min", "five", "not a whole number"),
                Arguments.of("guacd-affinity-refresh-max", "86401", "out of range"),
                Arguments.of("guacd-affinity-srv-empty-grace", "-1", "out of range"),
                Arguments.of("guacd-affinity-dns-servers", "127.0.0.1:99999", "port \"99999\""),
                Arguments.of("guacd-affinity-dns-servers", "[::1", "without closing"),
                Arguments.of("guacd-affinity-dns-timeout", "99", "out of range"),
                Arguments.of("guacd-affinity-key", "username", "expected one of user, session, client-ip, connection"),
                Arguments.of("guacd-affinity-virtual-nodes", "0", "out of range"),
                Arguments.of("guacd-affinity-virtual-nodes", "1.5", "not a whole number"),
                Arguments.of("guacd-affinity-load-factor", "1", "out of range"),
                Arguments.of("guacd-affinity-load-factor", "0.5", "out of range"),
                Arguments.of("guacd-affinity-load-factor", "10.5", "out of range"),
                Arguments.of("guacd-affinity-load-factor", "1.5f", "not a decimal number"),
                Arguments.of("guacd-affinity-load-factor", "NaN", "not a decimal number"),
                Arguments.of("guacd-affinity-connect-timeout", "120001", "out of range"),
                Arguments.of("guacd-affinity-max-attempts", "0", "out of range"),
                Arguments.of("guacd-affinity-max-attempts", "99999999999", "out of range"),
                Arguments.of("guacd-affinity-down-cooldown", "0", "out of range"),
                Arguments.of("guacd-affinity-health-interval", "-1", "out of range"),
                Arguments.of("guacd-affinity-health-interval", "3601", "out of range"),
                Arguments.of("guacd-affinity-ssl", "1", "expected true or false"),
                Arguments.of("guacd-affinity-ssl-truststore", "ca.pem", "give the absolute path"),
                Arguments.of("guacd-affinity-ssl-truststore", "/nonexistent/guacd-ca.pem", "(no such file)"),
                Arguments.of("guacd-affinity-metrics-port", "65536", "out of range"),
                Arguments.of("guacd-affinity-metrics-port", "http", "not a whole number"),
                Arguments.of("guacd-affinity-metrics-address", "localhost", "not an IP address"),
                Arguments.of("guacd-affinity-metrics-address", "10.0.0.256", "not an IP address"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badValues")
    void refusesBadValuesNamingPropertyValueAndWhatIsAccepted(String property, String value, String detail) {
        ConfigurationException e = refused(property, value);
        assertEquals(1, e.problems().size(), e.getMessage());
        String message = e.problems().get(0);
        Setting<?> setting = setting(property);
        assertTrue(message.startsWith("property " + property + " = \"" + value + "\" is not accepted: expected "),
                message);
        assertTrue(message.contains(setting.accepted()), message);
        assertTrue(message.contains(detail), message);
    }

    @Test
    void everyPropertyHasABadValueTested() {
        Set<String> tested = new HashSet<>();
        badValues().forEach(a -> tested.add((String) a.get()[0]));
        for (Setting<?> s : AffinityConfig.ALL)
            assertTrue(tested.contains(s.name()), "no bad value tested for " + s.name()
                    + ": add one to badValues() in this class");
    }

    @Test
    void reportsEveryBadPropertyAtOnce() {
        ConfigurationException e = refused(
                "guacd-affinity-members", "a..b",
                "guacd-affinity-key", "nobody",
                "guacd-affinity-ssl", "maybe",
                "guacd-affinity-refresh-min", "20",
                "guacd-affinity-refresh-max", "10");
        List<String> problems = e.problems();
        assertEquals(4, problems.size(), e.getMessage());
        assertTrue(problems.get(0).contains("guacd-affinity-members = \"a..b\""), problems.get(0));
        assertTrue(problems.stream().anyMatch(p -> p.contains("guacd-affinity-key = \"nobody\"")));
        assertTrue(problems.stream().anyMatch(p -> p.contains("guacd-affinity-ssl = \"maybe\"")));
        assertTrue(problems.stream().anyMatch(p -> p.contains("guacd-affinity-refresh-max = \"10\"")
                && p.contains("not below guacd-affinity-refresh-min (20)")));
        assertEquals(String.join("\n", problems), e.getMessage());
    }

    @Test
    void refreshMaxBelowRefreshMinIsRefused() {
        ConfigurationException e = refused("guacd-affinity-refresh-max", "4");
        assertEquals(List.of("property guacd-affinity-refresh-max = \"4\" is not accepted: expected a value not below"
                + " guacd-affinity-refresh-min (5)"), e.problems());
        assertEquals(5, config("guacd-affinity-refresh-max", "5").refreshMaxSeconds());
    }

    @Test
    void aRingTooLargeToBuildIsRefusedUpFront() {
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < 20; i++)
            members.append("guacd-").append(i).append("*1000 ");
        ConfigurationException e = refused("guacd-affinity-members", members.toString(),
                "guacd-affinity-virtual-nodes", "1000");
        assertEquals(1, e.problems().size());
        assertTrue(e.getMessage().contains("guacd-affinity-members"), e.getMessage());
        assertTrue(e.getMessage().contains("these need 20000000"), e.getMessage());
        // The same members fit with fewer points each, and the ring then really builds.
        AffinityConfig fits = config("guacd-affinity-members", members.toString(), "guacd-affinity-virtual-nodes", "100");
        assertEquals(20, HashRing.of(fits.members(), fits.virtualNodes()).size());
    }

    @Test
    void moreMembersThanARingHoldsAreRefusedUpFront() {
        StringBuilder members = new StringBuilder();
        for (int i = 0; i <= HashRing.MAX_MEMBERS; i++)
            members.append('m').append(i).append(' ');
        ConfigurationException e = refused("guacd-affinity-members", members.toString(),
                "guacd-affinity-virtual-nodes", "1");
        assertEquals(List.of("property guacd-affinity-members = \"1001 members\" is not accepted: expected at most"
                + " 1000 members"), e.problems());
    }

    @Test
    void environmentVariableNamesFollowGuacamolesRule() {
        assertEquals("GUACD_AFFINITY_SRV", AffinityConfig.SRV.environmentVariable());
        assertEquals("GUACD_AFFINITY_SRV_HOST_TEMPLATE", AffinityConfig.SRV_HOST_TEMPLATE.environmentVariable());
        assertEquals("GUACD_AFFINITY_DNS_SERVERS", AffinityConfig.DNS_SERVERS.environmentVariable());
        assertEquals("ENABLE_ENVIRONMENT_PROPERTIES", Setting.environmentVariable("enable-environment-properties"));
        // Guacamole makes a run of digits a word of its own, and camel case splits too.
        assertEquals("GUACD_AFFINITY_IPV_6_ONLY", Setting.environmentVariable("guacd-affinity-ipv6-only"));
        assertEquals("POSTGRESQL_HOSTNAME", Setting.environmentVariable("postgresql-hostname"));
        assertEquals("MY_HTTP_SERVER", Setting.environmentVariable("myHTTPServer"));
        for (Setting<?> s : AffinityConfig.ALL) {
            if (!s.name().matches(".*[0-9].*"))
                assertEquals(s.name().toUpperCase().replace('-', '_'), s.environmentVariable(),
                        "names without digits map letter for letter");
        }
    }

    @Test
    void staticMembersArePassedThroughInOrder() {
        List<Member> members = config("guacd-affinity-members", "c=h3:1 a=h1:2 b=h2:3").members();
        assertEquals(List.of(new Member("c", "h3", 1), new Member("a", "h1", 2), new Member("b", "h2", 3)), members);
    }

    private static Setting<?> setting(String name) {
        return AffinityConfig.ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static String describe(AffinityConfig c) {
        return c.members() + "|" + c.srv() + "|" + c.srvHostTemplate() + "|" + c.srvWeights() + "|"
                + c.refreshMinSeconds() + "|" + c.refreshMaxSeconds() + "|" + c.srvEmptyGraceSeconds() + "|"
                + c.dnsServers() + "|" + c.dnsTimeoutMillis() + "|" + c.keyMode() + "|" + c.virtualNodes() + "|"
                + c.loadFactor() + "|"
                + c.connectTimeoutMillis() + "|" + c.maxAttempts() + "|" + c.downCooldownSeconds() + "|"
                + c.healthIntervalSeconds() + "|" + c.ssl() + "|" + c.sslTrustStore();
    }
}
