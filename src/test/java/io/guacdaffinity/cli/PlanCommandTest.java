package io.guacdaffinity.cli;

import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.AffinityKey;
import io.guacdaffinity.routing.Router;
import io.guacdaffinity.routing.TestRouter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code plan}, checked against counts made here directly on {@link HashRing}. */
class PlanCommandTest {

    private static List<Member> classroom(int pods) {
        List<Member> out = new ArrayList<>();
        for (int i = 0; i < pods; i++)
            out.add(new Member("guacd-stateful-" + i, "guacd-" + i + ".guacamole.svc.cluster.local", 4822));
        return out;
    }

    /** The ring keys of {@code student-01 ..}, as the extension keys these users (guacd-affinity-key: user). */
    private static List<String> students(int n) {
        return students("user", n);
    }

    private static List<String> students(String mode, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++)
            out.add(String.format(Locale.ROOT, "%s:student-%02d", mode, i));
        return out;
    }

    /**
     * The extension's router after {@code keys} connected one after another with bounded load c and
     * all stayed connected.
     */
    private static Router arrivals(HashRing ring, List<String> keys, double c) throws Exception {
        Router router = TestRouter.over(ring).loadFactor(c).build();
        for (String key : keys) {
            String mode = key.substring(0, key.indexOf(':'));
            router.open(AffinityKey.of(KeyMode.fromValue(mode), key.substring(mode.length() + 1)), Member::name);
        }
        return router;
    }

    /** Users per member when {@code keys} connect one after another with bounded load c and stay. */
    private static Map<String, Integer> boundedArrivals(HashRing ring, List<String> keys, double c) throws Exception {
        Router router = arrivals(ring, keys, c);
        Map<String, Integer> counts = new HashMap<>();
        for (Member m : ring.members())
            counts.put(m.name(), router.loads().liveTunnels(m.name()));
        return counts;
    }

    private static Map<String, Integer> count(HashRing ring, List<String> keys) {
        Map<String, Integer> counts = new HashMap<>();
        for (Member m : ring.members())
            counts.put(m.name(), 0);
        for (String k : keys)
            counts.merge(ring.route(k).name(), 1, Integer::sum);
        return counts;
    }

    private static int moved(HashRing before, HashRing after, List<String> keys) {
        int moved = 0;
        for (String k : keys) {
            if (!before.route(k).name().equals(after.route(k).name()))
                moved++;
        }
        return moved;
    }

    @Test
    void withoutArgumentsPlansTheSeedClassroom() throws Exception {
        CliRun run = CliRun.run();
        assertEquals(0, run.code, run.toString());
        assertEquals("", run.err);
        assertTrue(run.out.startsWith("guacd-affinity plan: 60 users on 3 pods, and who moves when the pods change\n"),
                run.out);
        assertTrue(run.out.contains("Users    student-01 \u2026 student-60, hashed as user:student-01 \u2026"
                + " user:student-60 (guacd-affinity-key: user)\n"), run.out);

        List<String> keys = students(60);
        HashRing three = HashRing.of(classroom(3));
        Map<String, Integer> now = count(three, keys);

        List<String> table = run.block("member            host:port");
        assertEquals(4, table.size(), String.join("\n", table));
        assertEquals("member host:port weight users share bounded c=1.25 (in effect)",
                String.join(" ", CliRun.cells(table.get(0))), "the default load factor is the one in effect");
        Map<String, Integer> bounded = boundedArrivals(three, keys, 1.25);
        int sum = 0;
        int boundedSum = 0;
        for (int i = 0; i < 3; i++) {
            String[] cells = CliRun.cells(table.get(i + 1));
            assertEquals("guacd-stateful-" + i, cells[0]);
            assertEquals("guacd-" + i + ".guacamole.svc.cluster.local:4822", cells[1]);
            assertEquals("1", cells[2]);
            int users = Integer.parseInt(cells[3]);
            assertEquals(now.get("guacd-stateful-" + i), users, "users on guacd-stateful-" + i);
            assertEquals(String.format(Locale.ROOT, "%.1f%%", 100.0 * users / 60), cells[4]);
            assertEquals(bounded.get("guacd-stateful-" + i), Integer.parseInt(cells[5]),
                    "bounded users on guacd-stateful-" + i);
            assertTrue(Integer.parseInt(cells[5]) <= 25, "c = 1.25 allows ceil(1.25 x 60 / 3) = 25: " + cells[5]);
            sum += users;
            boundedSum += Integer.parseInt(cells[5]);
        }
        assertEquals(60, sum);
        assertEquals(60, boundedSum);
        int boundedPeak = bounded.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        Router router = arrivals(three, keys, 1.25);
        int spilled = 0;
        for (String k : keys) {
            if (!router.liveKeys().memberOf(k).equals(three.route(k).name()))
                spilled++;
        }
        assertTrue(run.out.contains("bounded c=1.25 (in effect): no member above 25 users when the 60 users connect one by one"
                + " and stay;\n"), run.out);
        assertTrue(run.out.contains(String.format(Locale.ROOT, "  peak/mean %.2f, busiest %d users; %d user%s (%s)"
                + " sent past a full member to the next in failover order\n", boundedPeak / 20.0, boundedPeak, spilled,
                spilled == 1 ? "" : "s", PlanCommand.percent(spilled, 60))), run.out);
        assertTrue(run.out.contains("  (guacd-affinity-load-factor: 1.25, on; each Guacamole replica bounds only the"
                + " sessions it opened)\n"), run.out);

        int peak = now.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertTrue(run.out.contains(String.format(Locale.ROOT,
                "peak/mean %.2f: the busiest member has %d users, the mean is 20.0", peak / 20.0, peak)), run.out);

        HashRing five = HashRing.of(classroom(5));
        HashRing ten = HashRing.of(classroom(10));
        HashRing two = HashRing.of(classroom(2));
        int to5 = moved(three, five, keys);
        int to10 = moved(three, ten, keys);
        int lose = moved(three, two, keys);
        assertEquals(now.get("guacd-stateful-2"), lose, "losing a member moves exactly its users");
        assertTrue(run.out.contains("3 \u2192 5 pods: " + to5 + " of 60 users (" + Math.round(100.0 * to5 / 60)
                + "%) move; ideal 40%\n"), run.out);
        assertTrue(run.out.contains("3 \u2192 10 pods: " + to10 + " of 60 users (" + Math.round(100.0 * to10 / 60)
                + "%) move; ideal 70%\n"), run.out);
        assertTrue(run.out.contains("3 \u2192 2 pods (guacd-stateful-2 lost): " + lose + " of 60 users ("
                + Math.round(100.0 * lose / 60) + "%) move; ideal 33%\n"), run.out);
        assertTrue(run.out.contains("none moves between two pods that stay"), run.out);

        // The scenario table: one row per pod that exists in any scenario, then peak/mean and moves.
        List<String> change = run.paragraph("Users per member when the pods change");
        change = change.subList(1, change.size());
        assertEquals("member now 5 pods 10 pods lose 1", String.join(" ", CliRun.cells(change.get(0))));
        Map<String, Integer> at5 = count(five, keys);
        Map<String, Integer> at10 = count(ten, keys);
        Map<String, Integer> at2 = count(two, keys);
        for (int i = 0; i < 10; i++) {
            String name = "guacd-stateful-" + i;
            String[] cells = CliRun.cells(change.get(i + 1));
            assertEquals(name, cells[0]);
            assertEquals(cellOf(now.get(name)), cells[1], name + " now");
            assertEquals(cellOf(at5.get(name)), cells[2], name + " at 5");
            assertEquals(cellOf(at10.get(name)), cells[3], name + " at 10");
            assertEquals(cellOf(at2.get(name)), cells[4], name + " losing one");
        }
        assertEquals(String.format(Locale.ROOT, "bounded c=1.25 (in effect) %.2f %.2f %.2f %.2f", boundedPeak / 20.0,
                peakToMean(boundedArrivals(five, keys, 1.25)), peakToMean(boundedArrivals(ten, keys, 1.25)),
                peakToMean(boundedArrivals(two, keys, 1.25))), String.join(" ", CliRun.cells(change.get(12))));
        assertEquals("users moved - " + to5 + " " + to10 + " " + lose, String.join(" ", CliRun.cells(change.get(13))));
        assertEquals(60, at5.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(60, at10.values().stream().mapToInt(Integer::intValue).sum());
    }

    private static double peakToMean(Map<String, Integer> counts) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        int peak = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        return peak / (total / (double) counts.size());
    }

    private static String cellOf(Integer count) {
        return count == null ? "-" : String.valueOf(count);
    }

    @Test
    void usersPerMemberAlwaysAddUpForOtherSizesPrefixesAndWeights() {
        CliRun run = CliRun.run("plan", "--members", "a=h1:1*1, b=h2:2*2, c=h3:3*3", "--users", "1234",
                "--key-prefix", "user-", "--scale", "1,4");
        assertEquals(0, run.code, run.toString());
        assertTrue(run.out.contains("user-0001 \u2026 user-1234"), run.out);
        List<Member> members = List.of(new Member("a", "h1", 1, 1), new Member("b", "h2", 2, 2), new Member("c", "h3", 3, 3));
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= 1234; i++)
            keys.add(String.format(Locale.ROOT, "user:user-%04d", i));
        Map<String, Integer> now = count(HashRing.of(members), keys);
        List<String> table = run.block("member  host:port");
        int sum = 0;
        for (String line : table.subList(1, table.size())) {
            String[] cells = CliRun.cells(line);
            assertEquals(now.get(cells[0]), Integer.parseInt(cells[3]), line);
            sum += Integer.parseInt(cells[3]);
        }
        assertEquals(1234, sum);
        // Scaling to 1 keeps the first member and moves everyone else; names are not ordinals, so
        // growing adds new-1 on the last member's port and weight, and losing one drops the last given.
        assertTrue(run.out.contains("3 \u2192 1 member: " + (1234 - now.get("a")) + " of 1234 users"), run.out);
        HashRing four = HashRing.of(List.of(members.get(0), members.get(1), members.get(2), new Member("new-1", "new-1", 3, 3)));
        int to4 = moved(HashRing.of(members), four, keys);
        assertTrue(run.out.contains("3 \u2192 4 members: " + to4 + " of 1234 users"), run.out);
        assertTrue(run.out.contains("3 \u2192 2 members (c lost): " + now.get("c") + " of 1234 users"), run.out);
        assertTrue(run.out.contains("(peak/mean is per unit of weight)"), run.out);
    }

    @Test
    void virtualNodesFromSetChangeTheRing() {
        CliRun run = CliRun.run("plan", "--set", "guacd-affinity-virtual-nodes=7", "--scale", "4");
        assertEquals(0, run.code, run.toString());
        assertTrue(run.out.contains("Ring     7 virtual nodes per unit of weight"), run.out);
        Map<String, Integer> now = count(HashRing.of(classroom(3), 7), students(60));
        for (int i = 0; i < 3; i++) {
            String line = run.block("guacd-stateful-" + i + "  guacd-").get(0);
            assertEquals(String.valueOf(now.get("guacd-stateful-" + i)), CliRun.cells(line)[3], line);
        }
    }

    @Test
    void theConfiguredLoadFactorGetsAColumnOfItsOwnBesideOnePointTwoFive() throws Exception {
        CliRun run = CliRun.run("plan", "--set", "guacd-affinity-load-factor=1.5", "--users", "90");
        assertEquals(0, run.code, run.toString());
        List<String> table = run.block("member            host:port");
        assertEquals("member host:port weight users share bounded c=1.25 bounded c=1.5 (in effect)",
                String.join(" ", CliRun.cells(table.get(0))));
        HashRing three = HashRing.of(classroom(3));
        Map<String, Integer> at125 = boundedArrivals(three, students(90), 1.25);
        Map<String, Integer> at15 = boundedArrivals(three, students(90), 1.5);
        for (int i = 0; i < 3; i++) {
            String[] cells = CliRun.cells(table.get(i + 1));
            assertEquals(at125.get(cells[0]), Integer.parseInt(cells[5]), table.get(i + 1));
            assertEquals(at15.get(cells[0]), Integer.parseInt(cells[6]), table.get(i + 1));
        }
        assertTrue(run.out.contains("bounded c=1.25: no member above 38 users when the 90 users connect"), run.out);
        assertTrue(run.out.contains("bounded c=1.5 (in effect): no member above 45 users when the 90 users connect"), run.out);
        assertTrue(run.out.contains("(guacd-affinity-load-factor: 1.5, on; "), run.out);
        assertTrue(run.out.contains("\n  bounded c=1.5 (in effect) "), run.out);

        CliRun same = CliRun.run("plan", "--set", "guacd-affinity-load-factor=1.25");
        assertEquals("member host:port weight users share bounded c=1.25 (in effect)",
                String.join(" ", CliRun.cells(same.block("member            host:port").get(0))));
        assertTrue(same.out.contains("(guacd-affinity-load-factor: 1.25, on; "), same.out);
    }

    @Test
    void usersAreKeyedAsTheConfiguredKeyModeKeysThem() {
        for (String mode : new String[] { "client-ip", "connection", "session" }) {
            CliRun run = CliRun.run("plan", "--set", "guacd-affinity-key=" + mode);
            assertEquals(0, run.code, run.toString());
            assertTrue(run.out.contains("Users    student-01 \u2026 student-60, hashed as " + mode + ":student-01 \u2026 "
                    + mode + ":student-60 (guacd-affinity-key: " + mode + ")\n         (each "), run.out);
            Map<String, Integer> now = count(HashRing.of(classroom(3)), students(mode, 60));
            for (int i = 0; i < 3; i++) {
                String line = run.block("guacd-stateful-" + i + "  guacd-").get(0);
                assertEquals(String.valueOf(now.get("guacd-stateful-" + i)), CliRun.cells(line)[3], mode + ": " + line);
            }
        }
    }

    @Test
    void oneMemberHasNoLoseOneScenario() {
        CliRun run = CliRun.run("plan", "--members", "solo=10.0.0.9", "--scale", "2", "--users", "10");
        assertEquals(0, run.code, run.toString());
        assertTrue(run.out.contains("10 users on 1 member,"), run.out);
        assertTrue(run.out.contains("1 \u2192 2 members:"), run.out);
        assertTrue(!run.out.contains("lost"), run.out);
    }

    @Test
    void badOptionsGiveOneLineNamingThemAndExitTwo() {
        assertRefused(CliRun.run("plan", "--users", "0"),
                "guacd-affinity plan: option --users = \"0\" is not accepted: expected a whole number from 1 to 1000000");
        assertRefused(CliRun.run("plan", "--users", "many"),
                "guacd-affinity plan: option --users = \"many\" is not accepted: expected a whole number from 1 to 1000000");
        assertRefused(CliRun.run("plan", "--scale", "5,x"),
                "guacd-affinity plan: option --scale = \"5,x\" is not accepted: \"x\" is not a member count; expected"
                        + " whole numbers from 1 to 1000 separated by commas, such as 5,10");
        assertRefused(CliRun.run("plan", "--scale", "1001"), "expected whole numbers from 1 to 1000");
        assertRefused(CliRun.run("plan", "--members"), "guacd-affinity plan: option --members needs a value");
        assertRefused(CliRun.run("plan", "--nodes", "3"),
                "guacd-affinity plan: unknown option --nodes; accepted: --members, --properties, --set, --users,"
                        + " --scale, --key-prefix");
        assertRefused(CliRun.run("plan", "--users", "5", "--users", "6"), "option --users is given twice");
        assertRefused(CliRun.run("plan", "extra"), "guacd-affinity plan: unexpected argument \"extra\"");
        assertRefused(CliRun.run("plan", "--set", "guacd-affinity-virtual-nodes"),
                "option --set = \"guacd-affinity-virtual-nodes\" is not accepted: expected NAME=VALUE");
        assertRefused(CliRun.run("plan", "--set", "guacd-affinity-nodes=3"),
                "option --set names \"guacd-affinity-nodes\", which is not a guacd-affinity property; accepted:"
                        + " guacd-affinity-members, guacd-affinity-srv,");
        assertRefused(CliRun.run("plan", "--members", "a*1000", "--scale", "1000"),
                "guacd-affinity plan: ring would need 1500000000 points (1000 members, total weight 1000000, 1500"
                        + " virtual nodes per weight); at most 4000000 are accepted");
        assertRefused(CliRun.run("bogus"), "guacd-affinity: unknown command \"bogus\"; accepted: plan, route, doctor, help");
    }

    @Test
    void badPropertiesGiveOneLineEachNamingPropertyValueAndWhatIsAccepted() {
        CliRun run = CliRun.run("plan", "--members", "guacd-0:70000", "--set", "guacd-affinity-virtual-nodes=0");
        assertEquals(2, run.code, run.toString());
        assertEquals("", run.out);
        String[] lines = run.err.split("\n");
        assertEquals(2, lines.length, run.err);
        assertTrue(lines[0].startsWith("guacd-affinity plan: property guacd-affinity-members = \"guacd-0:70000\" is not"
                + " accepted: expected a list of [name=]host[:port][*weight]"), lines[0]);
        assertTrue(lines[0].contains("port \"70000\" in \"guacd-0:70000\" is not a number from 1 to 65535"), lines[0]);
        assertTrue(lines[0].endsWith("[set in the command line]"), lines[0]);
        assertTrue(lines[1].startsWith("guacd-affinity plan: property guacd-affinity-virtual-nodes = \"0\" is not"
                + " accepted: expected a whole number from 1 to 10000"), lines[1]);
    }

    private static void assertRefused(CliRun run, String expectedLine) {
        assertEquals(2, run.code, run.toString());
        assertEquals("", run.out, run.toString());
        assertEquals(1, run.err.split("\n").length, "one line: " + run.err);
        assertTrue(run.err.startsWith(expectedLine) || run.err.contains(expectedLine), run.err);
    }

    @Test
    void idealMovementIsTheWeightShareThatChangesHands() {
        assertEquals(0.4, Plan.idealMoveFraction(classroom(3), classroom(5)), 1e-12);
        assertEquals(0.7, Plan.idealMoveFraction(classroom(3), classroom(10)), 1e-12);
        assertEquals(1.0 / 3, Plan.idealMoveFraction(classroom(3), classroom(2)), 1e-12);
        assertEquals(0.0, Plan.idealMoveFraction(classroom(3), classroom(3)), 1e-12);
        List<Member> heavy = List.of(new Member("a", "h", 1, 1), new Member("b", "h", 2, 3));
        // a: 1/4 -> 1/1, b: 3/4 -> gone.
        assertEquals(0.75, Plan.idealMoveFraction(heavy, heavy.subList(0, 1)), 1e-12);
    }

    @Test
    void keysArePaddedToTheWidthOfTheirCount() {
        assertEquals(List.of("student-01", "student-02"), Plan.keys("student-", 2));
        assertEquals("u-001", Plan.keys("u-", 100).get(0));
        assertEquals("u-100", Plan.keys("u-", 100).get(99));
        assertEquals("07", Plan.keys("", 9).get(6));
    }

    @Test
    void percentagesKeepSmallMovesVisible() {
        assertEquals("38%", PlanCommand.percent(23, 60));
        assertEquals("40%", PlanCommand.percent(0.4));
        assertEquals("0.1%", PlanCommand.percent(1, 1000));
        assertEquals("5%", PlanCommand.percent(0.05));
        assertEquals("0%", PlanCommand.percent(0, 60));
    }
}
