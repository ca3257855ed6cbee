package io.guacdaffinity.deploy;

import io.guacdaffinity.testing.ProcessOutcome;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Runs etc/kubernetes/base/guacd-drain.sh with one shell against this machine's real /proc. */
final class DrainScript {

    static final long WAIT_MILLIS = 60_000;

    private final List<String> shell;
    private final Map<String, String> environment = new HashMap<>();

    /**
     * @param shell the command that runs a script file, such as {@code sh} or {@code busybox sh}
     */
    DrainScript(List<String> shell, int port, Path marker) {
        this.shell = shell;
        environment.put("DRAIN_PORT", String.valueOf(port));
        environment.put("DRAIN_MARKER", marker.toString());
        environment.put("DRAIN_POLL_SECONDS", "1");
        environment.put("DRAIN_REPORT_SECONDS", "1");
        environment.put("DRAIN_SETTLE_SECONDS", "0");
        environment.put("DRAIN_MAX_SECONDS", "600");
        // Progress goes to stdout only: /proc/1/fd/1 here is not guacd's log.
        environment.put("DRAIN_LOG", "");
    }

    DrainScript with(String variable, String value) {
        environment.put(variable, value);
        return this;
    }

    /** Starts the script in {@code mode}; its output is collected as it comes. */
    Running start(String mode) throws IOException {
        List<String> command = new ArrayList<>(shell);
        command.addAll(Arrays.asList(ProjectFiles.DRAIN_SCRIPT.toString(), mode));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return new Running(builder.start());
    }

    /** Runs the script in {@code mode} to its end. */
    ProcessOutcome run(String mode) throws Exception {
        try (Running running = start(mode)) {
            return running.awaitExit(WAIT_MILLIS);
        }
    }

    static final class Running implements AutoCloseable {
        private final Process process;
        private final long startNanos = System.nanoTime();
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;

        Running(Process process) {
            this.process = process;
            reader = new Thread(this::collect, "drain-script-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void collect() {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            }
            catch (IOException e) {
                // The process was destroyed; what was read so far stays.
            }
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        int lineCount() {
            synchronized (lines) {
                return lines.size();
            }
        }

        /** Waits for a line after the first {@code skip} lines that matches; fails with the output so far. */
        String awaitLine(int skip, Predicate<String> wanted, long timeoutMillis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            synchronized (lines) {
                while (true) {
                    for (int i = skip; i < lines.size(); i++) {
                        if (wanted.test(lines.get(i)))
                            return lines.get(i);
                    }
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0)
                        throw new AssertionError("no expected line within " + timeoutMillis + " ms; output:\n" + output());
                    lines.wait(Math.min(left, 500));
                }
            }
        }

        boolean isAlive() {
            return process.isAlive();
        }

        ProcessOutcome awaitExit(long timeoutMillis) throws InterruptedException {
            if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS))
                throw new AssertionError("script still running after " + timeoutMillis + " ms; output:\n" + output());
            reader.join(timeoutMillis);
            return new ProcessOutcome(process, startNanos, output(), "");
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
