package io.guacdaffinity.cli;

import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built JAR, started as an admin would: {@code java -jar guacd-affinity-<version>.jar}. */
class CliJarIT {

    private static Path jar;

    @TempDir
    Path dir;

    @BeforeAll
    static void findJar() {
        String path = System.getProperty("extension.jar");
        assertTrue(path != null && !path.isEmpty(), "system property extension.jar (set by failsafe) is missing");
        jar = Paths.get(path);
        assertTrue(Files.isRegularFile(jar), "built JAR not found: " + jar);
    }

    private static final class Result {
        final int code;
        final String out;
        final String err;

        Result(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** Runs the JAR in a bare environment (no variables but PATH), with {@code user.home} as given. */
    private Result java(Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (home != null)
            command.add("-Duser.home=" + home);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        String path = env.get("PATH");
        env.clear();
        if (path != null)
            env.put("PATH", path);
        File out = dir.resolve("out-" + System.nanoTime()).toFile();
        File err = dir.resolve("err-" + System.nanoTime()).toFile();
        pb.redirectOutput(out).redirectError(err).directory(dir.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("java -jar " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    void withoutArgumentsThePlanOfTheSeedClassroomIsPrinted() throws Exception {
        Result r = java(null);
        assertEquals(0, r.code, r.toString());
        assertEquals("", r.err, r.toString());
        assertTrue(r.out.startsWith("guacd-affinity plan: 60 users on 3 pods, and who moves when the pods change\n"), r.out);
        // The JAR prints exactly what the classes under test print.
        assertEquals(CliRun.run().out, r.out);

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
        int[] users = new int[3];
        int moved = 0;
        for (int i = 1; i <= 60; i++) {
            String key = String.format(Locale.ROOT, "user:student-%02d", i);
            users[Integer.parseInt(now.route(key).name().substring("guacd-stateful-".length()))]++;
            if (!now.route(key).name().equals(scaled.route(key).name()))
                moved++;
        }
        int sum = 0;
        for (int i = 0; i < 3; i++) {
            String row = CliRun.block(r.out, "guacd-stateful-" + i + "  guacd-" + i + ".", true).get(0);
            assertEquals(String.valueOf(users[i]), CliRun.cells(row)[3], row);
            sum += Integer.parseInt(CliRun.cells(row)[3]);
        }
        assertEquals(60, sum);
        assertTrue(r.out.contains("3 \u2192 5 pods: " + moved + " of 60 users"), r.out);
        assertTrue(r.out.contains("3 \u2192 10 pods: "), r.out);
        assertTrue(r.out.contains("(guacd-stateful-2 lost): " + users[2] + " of 60 users"), r.out);
    }

    @Test
    void runsWithoutAnyLocalMavenRepositoryOrGuacamole() throws Exception {
        Path emptyHome = Files.createDirectories(dir.resolve("home"));
        Result plan = java(emptyHome);
        assertEquals(0, plan.code, plan.toString());
        assertEquals(CliRun.run().out, plan.out);

        Result route = java(emptyHome, "route", "student-07");
        assertEquals(0, route.code, route.toString());
        Member owner = HashRing.of(List.of(
                new Member("guacd-stateful-0", "guacd-0.guacamole.svc.cluster.local", 4822),
                new Member("guacd-stateful-1", "guacd-1.guacamole.svc.cluster.local", 4822),
                new Member("guacd-stateful-2", "guacd-2.guacamole.svc.cluster.local", 4822))).route("user:student-07");
        assertTrue(route.out.startsWith("user:student-07 \u2192 " + owner.name() + " (" + owner.host() + ":4822)"),
                route.out);
    }

    @Test
    void aBadOptionExitsWithTwoAndOneLine() throws Exception {
        Result r = java(null, "plan", "--users", "lots");
        assertEquals(2, r.code, r.toString());
        assertEquals("", r.out);
        assertEquals("guacd-affinity plan: option --users = \"lots\" is not accepted: expected a whole number from 1"
                + " to 1000000\n", r.err);
    }
}
