package io.guacdaffinity.guacamole;

import io.guacdaffinity.cli.Cli;
import io.guacdaffinity.routing.LiveKeys;
import io.guacdaffinity.testing.GuacdCluster;
import io.guacdaffinity.testing.GuacdDouble;

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

    /** The key {@code route value} hashed and the member it names, from its route record. */
    private String[] route(String keyMode, String value) {
        String tsv = cli("route", value, "--members", members, "--set", "guacd-affinity-key=" + keyMode, "--format", "tsv");
        for (String line : tsv.split("\n")) {
            String[] cells = line.split("\t");
            if (cells[0].equals("route"))
                return new String[] { cells[1], cells[2] };
        }
        throw new AssertionError("no route record in:\n" + tsv);
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
            String[] cli = route("user", user);
            assertEquals("user:" + user, cli[0]);
            GuacamoleTunnel tunnel = connect(Logins.userMapping(user), user, "10.4.0.1", "desktop");
            assertEquals(cli[1], servedBy(tunnel), "route " + user);
            if (!used.contains(cli[1]))
                used.add(cli[1]);
            tunnel.close();
        }
        assertEquals(3, used.size(), "40 users should reach every guacd: " + used);
    }

    /**
     * Users per member that {@code plan --format tsv} prints for the members as they are now: by the
     * ring alone ({@code bounded} -1) or with its {@code bounded}th load factor.
     */
    private static Map<String, Integer> planned(String tsv, int bounded) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String line : tsv.split("\n")) {
            String[] cells = line.split("\t");
            if (cells[0].equals("member") && cells[1].equals("now"))
                out.put(cells[2], Integer.parseInt(cells[bounded < 0 ? 5 : 6 + bounded]));
        }
        assertEquals(3, out.size(), tsv);
        return out;
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
        assertEquals(planned(cli("plan", "--members", members, "--format", "tsv"), -1), served);
    }

    @Test
    void plansBoundedColumnIsWhatTheProviderMakesWithThatLoadFactor() throws Exception {
        start("user", Map.of("guacd-affinity-load-factor", "1.25"));
        Map<String, Integer> served = classroomConnects();
        String plan = cli("plan", "--members", members, "--set", "guacd-affinity-load-factor=1.25", "--format", "tsv");
        assertEquals(planned(plan, 0), served);
        for (int n : served.values())
            assertTrue(n <= 25, "c = 1.25 allows at most 25 of 60 users per guacd: " + served);
    }

    @Test
    void routeNamesTheGuacdTheProviderSendsEachClientAddressTo() throws Exception {
        start("client-ip");
        for (int i = 1; i <= 20; i++) {
            String address = "198.51.100." + i;
            String[] cli = route("client-ip", address);
            assertEquals("client-ip:" + address, cli[0]);
            GuacamoleTunnel tunnel = connect(Logins.userMapping("pupil" + i), "pupil" + i, address, "desktop");
            assertEquals(cli[1], servedBy(tunnel), "route " + address);
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
            String[] cli = route("connection", value);
            assertEquals("connection:" + value, cli[0]);
            GuacamoleTunnel tunnel = connect(inner, "teacher", "10.4.0.1", lab);
            assertEquals(cli[1], servedBy(tunnel), "route " + value);
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
            String[] cli = route("session", sessionKey.substring("session:".length()));
            assertEquals(sessionKey, cli[0]);
            assertEquals(cli[1], servedBy(tunnel), "route " + sessionKey);
            tunnel.close();
        }
    }
}
