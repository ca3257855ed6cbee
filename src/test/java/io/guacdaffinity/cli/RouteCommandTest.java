package io.guacdaffinity.cli;

import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.testing.RouteTsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteCommandTest {

    @TempDir
    Path dir;

    private static List<Member> classroom() {
        List<Member> out = new ArrayList<>();
        for (int i = 0; i < 3; i++)
            out.add(new Member("guacd-stateful-" + i, "guacd-" + i + ".guacamole.svc.cluster.local", 4822));
        return out;
    }

    /** The members of the text form's failover list, in printed order: name and host:port. */
    private static List<String> failover(CliRun run) {
        List<String> lines = run.block("Failover order");
        List<String> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = CliRun.cells(line);
            assertEquals((out.size() + 1) + ".", cells[0], line);
            out.add(cells[1] + " " + cells[2]);
        }
        return out;
    }

    /** The records {@code route ARGS --format tsv} prints, after checking it succeeded. */
    private static RouteTsv route(String... args) {
        return route(Map.of(), args);
    }

    private static RouteTsv route(Map<String, String> environment, String... args) {
        List<String> all = new ArrayList<>(List.of("route"));
        all.addAll(List.of(args));
        all.addAll(List.of("--format", "tsv"));
        CliRun run = CliRun.run(environment, all.toArray(new String[0]));
        assertEquals(0, run.code, run.toString());
        return RouteTsv.parse(run.out);
    }

    private static List<String> expected(List<Member> order) {
        List<String> out = new ArrayList<>();
        for (Member m : order)
            out.add(m.name() + " " + RouteCommand.address(m));
        return out;
    }

    /** The human output, as a smoke test: the other tests read the values from the tsv records. */
    @Test
    void theTextFormSaysTheUsersKeyItsHomeTheWholeFailoverOrderAndWhatWasKeyed() {
        HashRing ring = HashRing.of(classroom());
        for (String user : new String[] { "student-01", "student-07", "alice", "bob@example.org" }) {
            CliRun run = CliRun.run("route", user);
            assertEquals(0, run.code, run.toString());
            assertEquals("", run.err);
            String key = "user:" + user;
            Member owner = ring.route(key);
            assertTrue(run.out.startsWith(key + " \u2192 " + owner.name() + " (" + owner.host() + ":4822)\n"), run.out);
            List<String> order = failover(run);
            assertEquals(expected(ring.preferenceList(key)), order);
            assertEquals(3, order.size());
            assertTrue(order.get(0).startsWith(owner.name() + " "));
            assertTrue(run.out.contains("Key      " + key + ": under guacd-affinity-key: user the extension keys a"
                    + " connect by the user name, here \"" + user + "\"\n"), run.out);
        }
    }

    @Test
    void theKeyModeOfTheConfigurationDecidesWhatIsHashed() throws IOException {
        HashRing ring = HashRing.of(classroom());
        Map<String, String> keys = Map.of(
                "client-ip", "client-ip:192.0.2.44",
                "connection", "connection:mysql/12",
                "session", "session:3f0c2a",
                "user", "user:192.0.2.44");
        for (Map.Entry<String, String> e : keys.entrySet()) {
            String value = e.getValue().substring(e.getValue().indexOf(':') + 1);
            RouteTsv route = route(value, "--set", "guacd-affinity-key=" + e.getKey());
            assertEquals(e.getValue(), route.key);
            assertEquals(ring.route(e.getValue()).name(), route.member);
            assertEquals(expected(ring.preferenceList(e.getValue())), route.failover());
        }
        // The same from a properties file, as Guacamole reads it.
        Path file = dir.resolve("guacamole.properties");
        Files.write(file, List.of("guacd-affinity-members: " + classroomProperty(), "guacd-affinity-key: client-ip"));
        RouteTsv fromFile = route("192.0.2.44", "--properties", file.toString());
        assertEquals("client-ip:192.0.2.44", fromFile.key);
        assertEquals(ring.route("client-ip:192.0.2.44").name(), fromFile.member);
    }

    @Test
    void aValueThatLooksLikeARingKeyIsHashedAsAValueWithAWarning() {
        CliRun run = CliRun.run("route", "user:alice", "--format", "tsv");
        assertEquals(0, run.code, run.toString());
        RouteTsv route = RouteTsv.parse(run.out);
        assertEquals("user:user:alice", route.key);
        assertEquals(HashRing.of(classroom()).route("user:user:alice").name(), route.member);
        assertEquals("warning: \"user:alice\" looks like a ring key already; route hashes user:user:alice"
                + " (guacd-affinity-key: user); give the bare value, such as \"alice\", unless that really is the"
                + " user name\n", run.err);
    }

    /** The member names of the failover order, sorted. */
    private static List<String> members(RouteTsv route) {
        List<String> out = new ArrayList<>();
        for (RouteTsv.Rank r : route.order)
            out.add(r.member);
        out.sort(null);
        return out;
    }

    private static String classroomProperty() {
        List<String> items = new ArrayList<>();
        for (Member m : classroom())
            items.add(m.name() + "=" + m.host() + ":" + m.port());
        return String.join(",", items);
    }

    @Test
    void listsEveryMemberOfALargerRingAndSaysHowManyAreTried() {
        StringBuilder members = new StringBuilder();
        List<Member> list = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            members.append("g-").append(i).append("=10.1.0.").append(i + 1).append(i % 2 == 0 ? ":4823 " : " ");
            list.add(new Member("g-" + i, "10.1.0." + (i + 1), i % 2 == 0 ? 4823 : 4822));
        }
        RouteTsv route = route("alice", "--members", members.toString(), "--set", "guacd-affinity-max-attempts=4",
                "--set", "guacd-affinity-virtual-nodes=200");
        HashRing ring = HashRing.of(list, 200);
        assertEquals(expected(ring.preferenceList("user:alice", 12)), route.failover());
        assertEquals(List.of(true, true, true, true, false, false, false, false, false, false, false, false),
                route.tried(), "a connect tries the first 4, guacd-affinity-max-attempts = 4");
        assertEquals(12, route.memberCount);
        assertEquals(200, route.virtualNodes);
    }

    @Test
    void theTsvRecordsNameTheKeyTheHomeAndTheFailoverOrderWithTheTriedOnes() {
        StringBuilder members = new StringBuilder();
        List<Member> list = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            members.append("g-").append(i).append("=10.1.0.").append(i + 1).append(' ');
            list.add(new Member("g-" + i, "10.1.0." + (i + 1), 4822));
        }
        RouteTsv route = route("bob", "--members", members.toString(), "--set", "guacd-affinity-max-attempts=2",
                "--set", "guacd-affinity-key=client-ip");
        HashRing ring = HashRing.of(list);
        Member home = ring.route("client-ip:bob");
        assertEquals("client-ip:bob", route.key);
        assertEquals(home.name(), route.member);
        assertEquals(RouteCommand.address(home), route.address);
        assertEquals(expected(ring.preferenceList("client-ip:bob", 6)), route.failover());
        assertEquals(List.of(true, true, false, false, false, false), route.tried());
        assertEquals("given with --members", route.membersOrigin);
        assertEquals(6, route.memberCount);
        assertEquals(1500, route.virtualNodes);
    }

    @Test
    void readsMembersFromAPropertiesFile() throws IOException {
        Path file = dir.resolve("guacamole.properties");
        Files.write(file, List.of("guacd-hostname: localhost",
                "guacd-affinity-members: x=[fd00::1]:4900, y=[fd00::2]",
                "guacd-affinity-virtual-nodes = 50"), StandardCharsets.ISO_8859_1);
        CliRun run = CliRun.run("route", "carol", "--properties", file.toString(), "--format", "tsv");
        assertEquals(0, run.code, run.toString());
        RouteTsv route = RouteTsv.parse(run.out);
        HashRing ring = HashRing.of(List.of(new Member("x", "fd00::1", 4900), new Member("y", "fd00::2", 4822)), 50);
        assertEquals(expected(ring.preferenceList("user:carol")), route.failover());
        assertEquals("guacd-affinity-members from " + file, route.membersOrigin);
        assertEquals(2, route.memberCount);
        assertEquals(50, route.virtualNodes);
        // The directory (GUACAMOLE_HOME) works as well.
        assertEquals(run.out, CliRun.run("route", "carol", "--properties", dir.toString(), "--format", "tsv").out);
    }

    @Test
    void environmentVariablesCountOnlyWhenTheFileEnablesThem() throws IOException {
        Path file = dir.resolve("guacamole.properties");
        Map<String, String> env = Map.of("GUACD_AFFINITY_MEMBERS", "e1=h1,e2=h2,e3=h3,e4=h4");
        Files.write(file, List.of("guacd-affinity-members: f1=h1,f2=h2"));
        RouteTsv fileOnly = route(env, "dave", "--properties", file.toString());
        assertEquals(List.of("f1", "f2"), members(fileOnly));
        assertEquals("guacd-affinity-members from " + file, fileOnly.membersOrigin);

        Files.write(file, List.of("enable-environment-properties: true"));
        RouteTsv fromEnv = route(env, "dave", "--properties", file.toString());
        assertEquals(List.of("e1", "e2", "e3", "e4"), members(fromEnv));
        assertEquals("guacd-affinity-members from environment variable GUACD_AFFINITY_MEMBERS", fromEnv.membersOrigin);
    }

    @Test
    void keyProblemsAreOneLineAndExitTwo() {
        CliRun none = CliRun.run("route");
        assertEquals(2, none.code);
        assertEquals("guacd-affinity route: what to route? expected route VALUE [--members LIST | --properties FILE]"
                + " [--set NAME=VALUE]... [--format text|tsv]\n", none.err);
        CliRun two = CliRun.run("route", "a", "b");
        assertEquals(2, two.code);
        assertTrue(two.err.startsWith("guacd-affinity route: one value expected, not 2 (a b)"), two.err);
        CliRun empty = CliRun.run("route", "");
        assertEquals(2, empty.code);
        assertTrue(empty.err.startsWith("guacd-affinity route: the value is empty"), empty.err);
        CliRun option = CliRun.run("route", "a", "--users", "3");
        assertEquals(2, option.code);
        assertEquals("guacd-affinity route: unknown option --users; accepted: --members, --properties, --set, --format\n", option.err);
    }

    @Test
    void aFileWithOnlyAnSrvNameSaysWhyItCannotRoute() throws IOException {
        Path file = dir.resolve("guacamole.properties");
        Files.write(file, List.of("guacd-affinity-srv: _guacd._tcp.guacd-headless.guacamole.svc.cluster.local"));
        CliRun run = CliRun.run("route", "erin", "--properties", file.toString());
        assertEquals(2, run.code, run.toString());
        assertEquals("guacd-affinity route: no static members to work on: " + file + " sets guacd-affinity-srv ="
                + " _guacd._tcp.guacd-headless.guacamole.svc.cluster.local but no guacd-affinity-members (the SRV name"
                + " is resolved by the running extension); give --members LIST\n", run.err);
        // --members fills the gap while the rest of the file still applies.
        assertEquals(0, CliRun.run("route", "erin", "--properties", file.toString(), "--members", "a,b").code);
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.properties");
        CliRun run = CliRun.run("route", "x", "--properties", missing.toString());
        assertEquals(2, run.code);
        assertEquals("guacd-affinity route: option --properties = \"" + missing + "\" is not accepted: " + missing
                + " does not exist; expected a guacamole.properties file or a GUACAMOLE_HOME directory\n", run.err);
    }

    @Test
    void badValuesInTheFileNameTheFileAndTheUnknownNameIsReportedWithThem() throws IOException {
        Path file = dir.resolve("guacamole.properties");
        Files.write(file, List.of("guacd-affinity-members: a,b", "guacd-affinity-load-factor: 0.9",
                "guacd-affinity-refresh-minimum: 3"));
        CliRun run = CliRun.run("route", "x", "--properties", file.toString());
        assertEquals(2, run.code, run.toString());
        assertEquals("guacd-affinity route: property guacd-affinity-load-factor = \"0.9\" is not accepted: expected"
                + " 0 (off) or a number greater than 1 and at most 10, such as 1.25 (out of range) [set in " + file + "]\n"
                + "guacd-affinity route: " + file + " sets guacd-affinity-refresh-minimum, which is not a guacd-affinity"
                + " property; Guacamole ignores it\n",
                run.err);
    }

    @Test
    void unknownGuacdAffinityNamesInTheFileAreWarnedAbout() throws IOException {
        Path file = dir.resolve("guacamole.properties");
        Files.write(file, List.of("guacd-affinity-members: a,b", "guacd-affinity-refresh-minimum: 3"));
        CliRun run = CliRun.run("route", "x", "--properties", file.toString());
        assertEquals(0, run.code, run.toString());
        assertEquals("warning: " + file + " sets guacd-affinity-refresh-minimum, which is not a guacd-affinity"
                + " property; Guacamole ignores it\n", run.err);
    }
}
