package io.guacdaffinity.deploy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Renders a kustomization offline with {@code kubectl kustomize}, as an admin would before applying it. */
final class Kustomize {

    private Kustomize() {
    }

    static String render(Path kustomization) {
        if (!onPath("kubectl"))
            fail("kubectl is not installed: the manifest test renders etc/kubernetes with `kubectl kustomize`;"
                    + " install the Debian package kubectl (apt-get install kubectl)");
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder("kubectl", "kustomize", kustomization.toString())
                        .redirectError(errors.toFile())
                        .start();
                String output;
                try (InputStream out = process.getInputStream()) {
                    output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail("kubectl kustomize " + kustomization + " did not finish within 120 s");
                }
                if (process.exitValue() != 0) {
                    fail("kubectl kustomize " + kustomization + " failed (exit " + process.exitValue() + "): "
                            + new String(Files.readAllBytes(errors), StandardCharsets.UTF_8).trim()
                            + " (the overlays need kubectl 1.21 or later, with kustomize v4 or later; Debian's"
                            + " kubernetes-client 1.20 is too old)");
                }
                return output;
            }
            finally {
                Files.deleteIfExists(errors);
            }
        }
        catch (IOException e) {
            throw new AssertionError("cannot run kubectl kustomize " + kustomization + ": " + e.getMessage(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while rendering " + kustomization, e);
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program)))
                return true;
        }
        return false;
    }
}
