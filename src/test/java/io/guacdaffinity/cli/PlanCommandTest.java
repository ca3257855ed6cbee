package io.guacdaffinity.cli;

import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.AffinityKey;
import io.guacdaffinity.routing.Router;
import io.guacdaffinity.routing.TestRouter;
import io.guacdaffinity.testing.PlanTsv;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** {@code plan ARGS --format tsv}, after checking it succeeded without a word on stderr. */
    private static PlanTsv plan(String... args) {
        List<String> words = new ArrayList<>(List.of("plan"));
        words.addAll(List.of(args));
        words.addAll(List.of("--format", "tsv"));
        CliRun run = CliRun.run(words.toArray(new String[0]));
        assertEquals(0, run.code, run.toString());
        assertEquals("", run.err);
        return PlanTsv.parse(run.out);
    }

    private static int spilled(Router router, HashRing ring, List<String> keys) {
        int spilled = 0;
        for (String k : keys) {
            if (!router.liveKeys().memberOf(k).equals(ring.route(k).name()))
                spilled++;
        }
        return spilled;
    }

    @Test
    void withoutArgumentsPlansTheSeedClassroom() throws Exception {
        PlanTsv plan = plan();
        assertEquals(60, plan.users);
        assertEquals(3, plan.memberCount);
        assertEquals("user", plan.key);
        assertEquals("1.25", plan.loadFactor, "bounded load is on by default");
        assertEquals(List.of("bounded-1.25"), plan.boundedColumns);

        List<String> keys = students(60);
        HashRing three = HashRing.of(classroom(3));
        for (Member m : classroom(3)) {
            PlanTsv.MemberRow row = plan.members.get("now").get(m.name());
            assertEquals(m.host() + ":4822", row.address);
            assertEquals(1, row.weight);
        }
        assertEquals(count(three, keys), plan.users("now"));
        Map<String, Integer> bounded = boundedArrivals(three, keys, 1.25);
        assertEquals(bounded, plan.bounded("now", 0));
        for (int users : bounded.values())
            assertTrue(users <= 25, "c = 1.25 allows ceil(1.25 x 60 / 3) = 25: " + users);

        assertEquals(1, plan.bounded.size());
        PlanTsv.Bounded c125 = plan.bounded.get(0);
        assertEquals("1.25", c125.loadFactor);
        assertTrue(c125.inEffect, "the default load factor is the one in effect");
        assertEquals(bounded.values().stream().mapToInt(Integer::intValue).max().orElseThrow(), c125.peak);
        assertEquals(spilled(arrivals(three, keys, 1.25), three, keys), c125.spilled);

        // Scaled to 5 and 10 as a StatefulSet scales, and losing the last member.
        HashRing five = HashRing.of(classroom(5));
        HashRing ten = HashRing.of(classroom(10));
        HashRing two = HashRing.of(classroom(2));
        assertEquals(List.of("now", "scale-5", "scale-10", "lose-guacd-stateful-2"), List.copyOf(plan.members.keySet()));
        assertEquals(count(five, keys), plan.users("scale-5"));
        assertEquals(count(ten, keys), plan.users("scale-10"));
        assertEquals(count(two, keys), plan.users("lose-guacd-stateful-2"));
        assertEquals(boundedArrivals(five, keys, 1.25), plan.bounded("scale-5", 0));
        assertEquals(boundedArrivals(ten, keys, 1.25), plan.bounded("scale-10", 0));
        assertEquals(boundedArrivals(two, keys, 1.25), plan.bounded("lose-guacd-stateful-2", 0));
        assertEquals(5, plan.moved.get("scale-5").members);
        assertEquals(moved(three, five, keys), plan.moved.get("scale-5").moved);
        assertEquals(moved(three, ten, keys), plan.moved.get("scale-10").moved);
        int lose = moved(three, two, keys);
        assertEquals(count(three, keys).get("guacd-stateful-2"), lose, "losing a member moves exactly its users");
        assertEquals(lose, plan.moved.get("lose-guacd-stateful-2").moved);
        assertEquals(0.4, plan.moved.get("scale-5").idealFraction, 1e-4);
        assertEquals(0.7, plan.moved.get("scale-10").idealFraction, 1e-4);
        assertEquals(1.0 / 3, plan.moved.get("lose-guacd-stateful-2").idealFraction, 1e-4);
        for (PlanTsv.Moved m : plan.moved.values())
            assertEquals(0, m.betweenStaying, "no user moves between two members that stay");
    }

    @Test
    void theTextFormSpeaksOfMembersAndShowsTheSameUsers() {
        CliRun run = CliRun.run();
        assertEquals(0, run.code, run.toString());
        assertFalse(run.out.contains(" pods"), "plan knows members, not pods: " + run.out);
        Map<String, Integer> now = plan().users("now");
        List<String> table = run.block("member            host:port");
        for (String line : table.subList(1, table.size())) {
            String[] cells = CliRun.cells(line);
            assertTrue(line.matches(".*\\s" + now.get(cells[0]) + "\\s.*"), line + " shows " + now);
        }
    }

    @Test
    void usersPerMemberAlwaysAddUpForOtherSizesPrefixesAndWeights() {
        PlanTsv plan = plan("--members", "a=h1:1*1, b=h2:2*2, c=h3:3*3", "--users", "1234",
                "--key-prefix", "user-", "--scale", "1,4");
        List<Member> members = List.of(new Member("a", "h1", 1, 1), new Member("b", "h2", 2, 2), new Member("c", "h3", 3, 3));
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= 1234; i++)
            keys.add(String.format(Locale.ROOT, "user:user-%04d", i));
        Map<String, Integer> now = count(HashRing.of(members), keys);
        assertEquals(now, plan.users("now"));
        assertEquals(1234, plan.users("now").values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(3, plan.members.get("now").get("c").weight);
        // Scaling to 1 keeps the first member and moves everyone else; names are not ordinals, so
        // growing adds new-1 on the last member's port and weight, and losing one drops the last given.
        assertEquals(1234 - now.get("a"), plan.moved.get("scale-1").moved);
        HashRing four = HashRing.of(List.of(members.get(0), members.get(1), members.get(2), new Member("new-1", "new-1", 3, 3)));
        assertEquals(moved(HashRing.of(members), four, keys), plan.moved.get("scale-4").moved);
        PlanTsv.MemberRow added = plan.members.get("scale-4").get("new-1");
        assertEquals("new-1:3", added.address);
        assertEquals(3, added.weight);
        assertEquals(now.get("c"), plan.moved.get("lose-c").moved);
    }

    @Test
    void virtualNodesFromSetChangeTheRing() {
        PlanTsv plan = plan("--set", "guacd-affinity-virtual-nodes=7", "--scale", "4");
        assertEquals(7, plan.virtualNodes);
        assertEquals(count(HashRing.of(classroom(3), 7), students(60)), plan.users("now"));
    }

    @Test
    void theConfiguredLoadFactorGetsAColumnOfItsOwnBesideOnePointTwoFive() throws Exception {
        PlanTsv plan = plan("--set", "guacd-affinity-load-factor=1.5", "--users", "90");
        assertEquals(List.of("bounded-1.25", "bounded-1.5"), plan.boundedColumns);
        assertEquals("1.5", plan.loadFactor);
        HashRing three = HashRing.of(classroom(3));
        assertEquals(boundedArrivals(three, students(90), 1.25), plan.bounded("now", 0));
        assertEquals(boundedArrivals(three, students(90), 1.5), plan.bounded("now", 1));
        assertEquals(List.of(false, true), List.of(plan.bounded.get(0).inEffect, plan.bounded.get(1).inEffect));
        assertTrue(plan.bounded.get(0).peak <= 38 && plan.bounded.get(1).peak <= 45, "ceil(c x 90 / 3)");

        PlanTsv same = plan("--set", "guacd-affinity-load-factor=1.25");
        assertEquals(List.of("bounded-1.25"), same.boundedColumns);
        assertTrue(same.bounded.get(0).inEffect);

        PlanTsv off = plan("--set", "guacd-affinity-load-factor=0");
        assertEquals("0", off.loadFactor);
        assertEquals(List.of("bounded-1.25"), off.boundedColumns, "1.25 is shown even when bounded load is off");
        assertFalse(off.bounded.get(0).inEffect);
    }

    @Test
    void usersAreKeyedAsTheConfiguredKeyModeKeysThem() {
        for (String mode : new String[] { "client-ip", "connection", "session" }) {
            PlanTsv plan = plan("--set", "guacd-affinity-key=" + mode);
            assertEquals(mode, plan.key);
            assertEquals(count(HashRing.of(classroom(3)), students(mode, 60)), plan.users("now"), mode);
        }
    }

    @Test
    void oneMemberHasNoLoseOneScenario() {
        PlanTsv plan = plan("--members", "solo=10.0.0.9", "--scale", "2", "--users", "10");
        assertEquals(1, plan.memberCount);
        assertEquals(List.of("scale-2"), List.copyOf(plan.moved.keySet()));
        assertEquals(Map.of("solo", 10), plan.users("now"));
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
                        + " --scale, --key-prefix, --format");
        assertRefused(CliRun.run("plan", "--format", "json"),
                "guacd-affinity plan: option --format = \"json\" is not accepted: expected text or tsv");
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
        assertEquals("38%", PlanTable.percent(23, 60));
        assertEquals("40%", PlanTable.percent(0.4));
        assertEquals("0.1%", PlanTable.percent(1, 1000));
        assertEquals("5%", PlanTable.percent(0.05));
        assertEquals("0%", PlanTable.percent(0, 60));
    }
}
