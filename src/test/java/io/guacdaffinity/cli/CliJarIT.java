package io.guacdaffinity.cli;

import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.testing.PlanTsv;
import io.guacdaffinity.testing.ProcessOutcome;
import io.guacdaffinity.testing.RouteTsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The built JAR, started as an admin would: {@code java -jar guacd-affinity-<version>.jar}. */
class CliJarIT {

    @TempDir
    Path dir;

    /** Runs the JAR in a bare environment (no variables but PATH), with {@code user.home} as given. */
    private ProcessOutcome java(Path home, String... args) throws IOException, InterruptedException {
        return BuiltJar.run(dir, home, true, args);
    }

    @Test
    void withoutArgumentsThePlanOfTheSeedClassroomIsPrinted() throws Exception {
        ProcessOutcome r = java(null);
        assertEquals(0, r.exitCode, r.toString());
        assertEquals("", r.err, r.toString());
        // The JAR prints exactly what the classes under test print.
        assertEquals(CliRun.run().out, r.out);

        ProcessOutcome tsv = java(null, "plan", "--format", "tsv");
        assertEquals(0, tsv.exitCode, tsv.toString());
        PlanTsv plan = PlanTsv.parse(tsv.out);
        List<Member> three = new ArrayList<>();
        List<Member> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Member m = new Member("guacd-stateful-" + i, "guacd-" + i + ".guacamole.svc.cluster.local", 4822);
            five.add(m);
            if (i < 3)
                three.add(m);
        }
        HashRing now = HashRing.of(three);
        HashRing scaled = HashRing.of(five);
        Map<String, Integer> users = new LinkedHashMap<>();
        for (Member m : three)
            users.put(m.name(), 0);
        int moved = 0;
        for (int i = 1; i <= 60; i++) {
            String key = String.format(Locale.ROOT, "user:student-%02d", i);
            users.merge(now.route(key).name(), 1, Integer::sum);
            if (!now.route(key).name().equals(scaled.route(key).name()))
                moved++;
        }
        assertEquals(users, plan.users("now"));
        assertEquals(moved, plan.moved.get("scale-5").moved);
        assertEquals(users.get("guacd-stateful-2"), plan.moved.get("lose-guacd-stateful-2").moved);
    }

    @Test
    void runsWithoutAnyLocalMavenRepositoryOrGuacamole() throws Exception {
        Path emptyHome = Files.createDirectories(dir.resolve("home"));
        ProcessOutcome plan = java(emptyHome);
        assertEquals(0, plan.exitCode, plan.toString());
        assertEquals(CliRun.run().out, plan.out);

        ProcessOutcome route = java(emptyHome, "route", "student-07", "--format", "tsv");
        assertEquals(0, route.exitCode, route.toString());
        Member owner = HashRing.of(List.of(
                new Member("guacd-stateful-0", "guacd-0.guacamole.svc.cluster.local", 4822),
                new Member("guacd-stateful-1", "guacd-1.guacamole.svc.cluster.local", 4822),
                new Member("guacd-stateful-2", "guacd-2.guacamole.svc.cluster.local", 4822))).route("user:student-07");
        RouteTsv records = RouteTsv.parse(route.out);
        assertEquals("user:student-07", records.key);
        assertEquals(owner.name(), records.member);
        assertEquals(owner.host() + ":4822", records.address);
    }

    @Test
    void aBadOptionExitsWithTwoAndOneLine() throws Exception {
        ProcessOutcome r = java(null, "plan", "--users", "lots");
        assertEquals(2, r.exitCode, r.toString());
        assertEquals("", r.out);
        assertEquals("guacd-affinity plan: option --users = \"lots\" is not accepted: expected a whole number from 1"
                + " to 1000000\n", r.err);
    }
}
