package io.guacdaffinity.cli;

import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
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

    /** The members of the failover list, in printed order: name and host:port. */
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

    private static List<String> expected(List<Member> order) {
        List<String> out = new ArrayList<>();
        for (Member m : order)
            out.add(m.name() + " " + RouteCommand.address(m));
        return out;
    }

    @Test
    void printsTheMemberTheRingChoosesForTheUsersKeyAndTheWholeFailoverOrder() {
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
            CliRun run = CliRun.run("route", value, "--set", "guacd-affinity-key=" + e.getKey());
            assertEquals(0, run.code, run.toString());
            Member owner = ring.route(e.getValue());
            assertTrue(run.out.startsWith(e.getValue() + " \u2192 " + owner.name() + " ("), run.out);
            assertEquals(expected(ring.preferenceList(e.getValue())), failover(run));
        }
        // The same from a properties file, as Guacamole reads it.
        Path file = dir.resolve("guacamole.properties");
        Files.write(file, List.of("guacd-affinity-members: " + classroomProperty(), "guacd-affinity-key: client-ip"));
        CliRun fromFile = CliRun.run("route", "192.0.2.44", "--properties", file.toString());
        assertEquals(0, fromFile.code, fromFile.toString());
        assertTrue(fromFile.out.startsWith("client-ip:192.0.2.44 \u2192 " + ring.route("client-ip:192.0.2.44").name()),
                fromFile.out);
    }

    @Test
    void aValueThatLooksLikeARingKeyIsHashedAsAValueWithAWarning() {
        CliRun run = CliRun.run("route", "user:alice");
        assertEquals(0, run.code, run.toString());
        Member owner = HashRing.of(classroom()).route("user:user:alice");
        assertTrue(run.out.startsWith("user:user:alice \u2192 " + owner.name() + " ("), run.out);
        assertEquals("warning: \"user:alice\" looks like a ring key already; route hashes user:user:alice"
                + " (guacd-affinity-key: user); give the bare value, such as \"alice\", unless that really is the"
                + " user name\n", run.err);
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
        CliRun run = CliRun.run("route", "alice", "--members", members.toString(), "--set", "guacd-affinity-max-attempts=4",
                "--set", "guacd-affinity-virtual-nodes=200");
        assertEquals(0, run.code, run.toString());
        HashRing ring = HashRing.of(list, 200);
        assertEquals(expected(ring.preferenceList("user:alice", 12)), failover(run));
        assertTrue(run.out.contains("a connect tries the first 4, guacd-affinity-max-attempts = 4"), run.out);
    }

    @Test
    void theTsvRecordsNameTheKeyTheHomeAndTheFailoverOrderWithTheTriedOnes() {
        StringBuilder members = new StringBuilder();
        List<Member> list = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            members.append("g-").append(i).append("=10.1.0.").append(i + 1).append(' ');
            list.add(new Member("g-" + i, "10.1.0." + (i + 1), 4822));
        }
        CliRun run = CliRun.run("route", "bob", "--members", members.toString(), "--set", "guacd-affinity-max-attempts=2",
                "--set", "guacd-affinity-key=client-ip", "--format", "tsv");
        assertEquals(0, run.code, run.toString());
        HashRing ring = HashRing.of(list);
        List<String[]> route = new ArrayList<>();
        List<String> order = new ArrayList<>();
        List<String> tried = new ArrayList<>();
        for (String line : run.out.split("\n")) {
            String[] cells = line.split("\t");
            if (cells[0].equals("route"))
                route.add(cells);
            else if (cells[0].equals("order")) {
                assertEquals(String.valueOf(order.size() + 1), cells[1], line);
                order.add(cells[2] + " " + cells[3]);
                tried.add(cells[4]);
            }
        }
        assertEquals(1, route.size(), run.out);
        assertEquals("client-ip:bob", route.get(0)[1]);
        assertEquals(ring.route("client-ip:bob").name(), route.get(0)[2]);
        assertEquals(expected(ring.preferenceList("client-ip:bob", 6)), order);
        assertEquals(List.of("true", "true", "false", "false", "false", "false"), tried);
    }

    @Test
    void readsMembersFromAPropertiesFile() throws IOException {
        Path file = dir.resolve("guacamole.properties");
        Files.write(file, List.of("guacd-hostname: localhost",
                "guacd-affinity-members: x=[fd00::1]:4900, y=[fd00::2]",
                "guacd-affinity-virtual-nodes = 50"), StandardCharsets.ISO_8859_1);
        CliRun run = CliRun.run("route", "carol", "--properties", file.toString());
        assertEquals(0, run.code, run.toString());
        HashRing ring = HashRing.of(List.of(new Member("x", "fd00::1", 4900), new Member("y", "fd00::2", 4822)), 50);
        assertEquals(expected(ring.preferenceList("user:carol")), failover(run));
        assertTrue(run.out.contains("Members  guacd-affinity-members from " + file + " (2, 50 virtual nodes"), run.out);
        // The directory (GUACAMOLE_HOME) works as well.
        assertEquals(run.out, CliRun.run("route", "carol", "--properties", dir.toString()).out);
    }

    @Test
    void environmentVariablesCountOnlyWhenTheFileEnablesThem() throws IOException {
        Path file = dir.resolve("guacamole.properties");
        Map<String, String> env = Map.of("GUACD_AFFINITY_MEMBERS", "e1=h1,e2=h2,e3=h3,e4=h4");
        Files.write(file, List.of("guacd-affinity-members: f1=h1,f2=h2"));
        CliRun fileOnly = CliRun.run(env, "route", "dave", "--properties", file.toString());
        assertEquals(2, failover(fileOnly).size(), fileOnly.toString());

        Files.write(file, List.of("enable-environment-properties: true"));
        CliRun fromEnv = CliRun.run(env, "route", "dave", "--properties", file.toString());
        assertEquals(4, failover(fromEnv).size(), fromEnv.toString());
        assertTrue(fromEnv.out.contains("guacd-affinity-members from environment variable GUACD_AFFINITY_MEMBERS"),
                fromEnv.out);
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
