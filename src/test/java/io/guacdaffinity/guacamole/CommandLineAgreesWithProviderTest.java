package io.guacdaffinity.guacamole;

import io.guacdaffinity.cli.Cli;
import io.guacdaffinity.routing.LiveKeys;
import io.guacdaffinity.testing.GuacdCluster;
import io.guacdaffinity.testing.GuacdDouble;
import io.guacdaffinity.testing.PlanTsv;
import io.guacdaffinity.testing.RouteTsv;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.net.auth.simple.SimpleUserContext;
import org.apache.guacamole.protocol.GuacamoleClientInformation;
import org.apache.guacamole.protocol.GuacamoleConfiguration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code route VALUE} names the guacd the real provider sends that user (client address,
 * connection, session) to: the command line and the extension key and hash alike, for every key
 * mode, over the same members.
 */
class CommandLineAgreesWithProviderTest {

    private GuacdCluster cluster;
    private AffinityAuthenticationProvider provider;
    private String members;

    @AfterEach
    void stop() {
        if (provider != null)
            provider.shutdown();
        if (cluster != null)
            cluster.close();
    }

    private void start(String keyMode) throws Exception {
        start(keyMode, Map.of());
    }

    private void start(String keyMode, Map<String, String> more) throws Exception {
        cluster = GuacdCluster.start(3);
        List<String> items = new ArrayList<>();
        for (GuacdDouble d : cluster.doubles())
            items.add(d.name() + "=" + d.host() + ":" + d.port());
        members = String.join(",", items);
        Map<String, String> properties = new HashMap<>();
        properties.put("guacd-affinity-members", members);
        properties.put("guacd-affinity-key", keyMode);
        properties.putAll(more);
        provider = new AffinityAuthenticationProvider(properties::get);
    }

    /** What the command line prints, after checking it succeeded. */
    private static String cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text + err.toString(StandardCharsets.UTF_8));
        return text;
    }

    /** What {@code route value} printed: the key it hashed and the member it names among others. */
    private RouteTsv route(String keyMode, String value) {
        return RouteTsv.parse(
                cli("route", value, "--members", members, "--set", "guacd-affinity-key=" + keyMode, "--format", "tsv"));
    }

    private GuacamoleTunnel connect(UserContext inner, String user, String address, String connection)
            throws GuacamoleException {
        UserContext context = provider.decorate(inner, Logins.user(user, address), Logins.credentials(user, address));
        return context.getConnectionDirectory().get(connection)
                .connect(new GuacamoleClientInformation(), Logins.tokens(user));
    }

    private String servedBy(GuacamoleTunnel tunnel) {
        return cluster.whoServed(RoutedGuacds.idOf(tunnel)).orElseThrow().name();
    }

    @Test
    void routeNamesTheGuacdTheProviderSendsEachUserTo() throws Exception {
        start("user");
        List<String> used = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String user = "alice" + (i == 0 ? "" : i);
            RouteTsv route = route("user", user);
            assertEquals("user:" + user, route.key);
            GuacamoleTunnel tunnel = connect(Logins.userMapping(user), user, "10.4.0.1", "desktop");
            assertEquals(route.member, servedBy(tunnel), "route " + user);
            if (!used.contains(route.member))
                used.add(route.member);
            tunnel.close();
        }
        assertEquals(3, used.size(), "40 users should reach every guacd: " + used);
    }

    /** What {@code plan --members MEMBERS ARGS --format tsv} printed, for the three members as they are now. */
    private PlanTsv plan(String... args) {
        List<String> all = new ArrayList<>(List.of("plan", "--members", members));
        all.addAll(List.of(args));
        all.addAll(List.of("--format", "tsv"));
        PlanTsv plan = PlanTsv.parse(cli(all.toArray(new String[0])));
        assertEquals(3, plan.members.get("now").size(), "members now");
        return plan;
    }

    /** The 60 students of plan connect one after another and stay; live sessions per guacd. */
    private Map<String, Integer> classroomConnects() throws GuacamoleException {
        List<GuacamoleTunnel> live = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            String user = String.format(Locale.ROOT, "student-%02d", i);
            live.add(connect(Logins.userMapping(user), user, "10.4.0.1", "desktop"));
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (GuacdDouble d : cluster.doubles())
            out.put(d.name(), 0);
        for (GuacamoleTunnel t : live)
            out.merge(servedBy(t), 1, Integer::sum);
        for (GuacamoleTunnel t : live)
            t.close();
        return out;
    }

    @Test
    void planCountsTheUsersPerGuacdThatThePureRingMakes() throws Exception {
        start("user", Map.of("guacd-affinity-load-factor", "0"));
        Map<String, Integer> served = classroomConnects();
        assertEquals(plan().users("now"), served);
    }

    @Test
    void plansBoundedColumnIsWhatTheProviderMakesWithThatLoadFactor() throws Exception {
        start("user", Map.of("guacd-affinity-load-factor", "1.25"));
        Map<String, Integer> served = classroomConnects();
        PlanTsv plan = plan("--set", "guacd-affinity-load-factor=1.25");
        assertEquals("1.25", plan.bounded.get(0).loadFactor);
        assertEquals(plan.bounded("now", 0), served);
        for (int n : served.values())
            assertTrue(n <= 25, "c = 1.25 allows at most 25 of 60 users per guacd: " + served);
    }

    @Test
    void routeNamesTheGuacdTheProviderSendsEachClientAddressTo() throws Exception {
        start("client-ip");
        for (int i = 1; i <= 20; i++) {
            String address = "198.51.100." + i;
            RouteTsv route = route("client-ip", address);
            assertEquals("client-ip:" + address, route.key);
            GuacamoleTunnel tunnel = connect(Logins.userMapping("pupil" + i), "pupil" + i, address, "desktop");
            assertEquals(route.member, servedBy(tunnel), "route " + address);
            tunnel.close();
        }
    }

    @Test
    void routeNamesTheGuacdTheProviderSendsEachConnectionTo() throws Exception {
        start("connection");
        Map<String, GuacamoleConfiguration> labs = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++)
            labs.put("lab-" + i, Logins.vnc("lab-" + i + ".example"));
        UserContext inner = new SimpleUserContext(Logins.USER_MAPPING, "teacher", labs, true);
        for (String lab : labs.keySet()) {
            String value = Logins.USER_MAPPING.getIdentifier() + "/" + lab;
            RouteTsv route = route("connection", value);
            assertEquals("connection:" + value, route.key);
            GuacamoleTunnel tunnel = connect(inner, "teacher", "10.4.0.1", lab);
            assertEquals(route.member, servedBy(tunnel), "route " + value);
            tunnel.close();
        }
    }

    @Test
    void routeNamesTheGuacdTheProviderSendsEachSessionTo() throws Exception {
        start("session");
        for (int i = 0; i < 20; i++) {
            GuacamoleTunnel tunnel = connect(Logins.userMapping("kim"), "kim", "10.4.0.1", "desktop");
            String sessionKey = null;
            for (LiveKeys.LiveKey live : provider.getService().orElseThrow().router().liveKeys().snapshot()) {
                if (live.tunnels() == 1)
                    sessionKey = live.key();
            }
            assertTrue(sessionKey != null && sessionKey.startsWith("session:"), String.valueOf(sessionKey));
            RouteTsv route = route("session", sessionKey.substring("session:".length()));
            assertEquals(sessionKey, route.key);
            assertEquals(route.member, servedBy(tunnel), "route " + sessionKey);
            tunnel.close();
        }
    }
}
