package io.guacdaffinity.admin;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Debian's chromium, headless, in a throw-away profile: loads one page, dumps its DOM, takes a screenshot. */
final class HeadlessChromium {

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** The chromium on PATH; an AssertionError (not a skip) when there is none. */
    static HeadlessChromium find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Paths.get(dir, "chromium");
            if (Files.isExecutable(candidate))
                return new HeadlessChromium(candidate);
        }
        throw new AssertionError("chromium is not on PATH: install Debian's chromium"
                + " (apt-get install chromium; .ci/run does this)");
    }

    /**
     * Loads {@code page}, lets it run for a few seconds of virtual time (XHRs and timers included),
     * writes a 1280x800 screenshot and returns the DOM.
     */
    String load(URI page, Path screenshot, Path work) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        Path dom = work.resolve("dom-" + System.nanoTime() + ".html");
        Path log = work.resolve("chromium-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--window-size=1280,800", "--virtual-time-budget=8000", "--screenshot=" + screenshot,
                "--dump-dom", page.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dom.toFile()).redirectError(log.toFile());
        // The page prints times in the browser's zone; pin it so the assertions do not depend on the machine.
        pb.environment().put("TZ", "UTC");
        Process p = pb.start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS))
                throw new AssertionError("chromium did not finish within 120 s loading " + page);
            if (p.exitValue() != 0)
                throw new AssertionError("chromium exited with " + p.exitValue() + ": "
                        + new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
            return new String(Files.readAllBytes(dom), StandardCharsets.UTF_8);
        }
        finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
