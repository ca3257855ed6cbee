package io.guacdaffinity.cli;

import io.guacdaffinity.testing.ProcessOutcome;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JAR the build made, run as an admin runs it: {@code java -jar}, in a process of its own. */
final class BuiltJar {

    private BuiltJar() {
    }

    static Path path() {
        String path = System.getProperty("extension.jar");
        assertTrue(path != null && !path.isEmpty(), "system property extension.jar (set by failsafe) is missing");
        Path jar = Paths.get(path);
        assertTrue(Files.isRegularFile(jar), "built JAR not found: " + jar + "; run mvn verify");
        return jar;
    }

    /**
     * Runs {@code java -jar} on the built JAR in {@code dir}.
     *
     * @param home {@code user.home} for the process, or null for the default
     * @param bareEnvironment keep only PATH; otherwise keep everything but GUACD_AFFINITY_* variables
     */
    static ProcessOutcome run(Path dir, Path home, boolean bareEnvironment, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (home != null)
            command.add("-Duser.home=" + home);
        command.add("-jar");
        command.add(path().toString());
        Collections.addAll(command, args);
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        if (bareEnvironment) {
            String pathVariable = env.get("PATH");
            env.clear();
            if (pathVariable != null)
                env.put("PATH", pathVariable);
        }
        else
            env.keySet().removeIf(k -> k.startsWith("GUACD_AFFINITY_"));
        File out = dir.resolve("out-" + System.nanoTime()).toFile();
        File err = dir.resolve("err-" + System.nanoTime()).toFile();
        pb.redirectOutput(out).redirectError(err).directory(dir.toFile());
        long startNanos = System.nanoTime();
        Process p = pb.start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS))
                throw new AssertionError("java -jar " + String.join(" ", args) + " did not finish in 120 s");
            return new ProcessOutcome(p, startNanos, Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        }
        finally {
            p.destroyForcibly();
            Files.deleteIfExists(out.toPath());
            Files.deleteIfExists(err.toPath());
        }
    }
}
