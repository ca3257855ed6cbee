package io.guacdaffinity.deploy;

import io.guacdaffinity.testing.ProcessOutcome;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The guacd drain script against real sockets and this machine's real /proc/net/tcp and tcp6, run by
 * dash ({@code sh}) and by busybox, the shell of the Alpine-based guacamole/guacd image.
 */
class DrainScriptTest {

    private static final Pattern STILL_OPEN = Pattern.compile("guacd-drain: (\\d+) connection\\(s\\) still open on port");

    @TempDir
    Path drainState;

    static Stream<Arguments> shells() {
        return Stream.of(Arguments.of("sh"), Arguments.of("busybox sh"));
    }

    /** A test run once by each shell: dash, then busybox. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    @interface InEachShell {
    }

    static Stream<Arguments> shellsAndTables() {
        List<Arguments> all = new ArrayList<>();
        for (String shell : Arrays.asList("sh", "busybox sh")) {
            all.add(Arguments.of(shell, "/proc/net/tcp"));
            all.add(Arguments.of(shell, "/proc/net/tcp6"));
        }
        return all.stream();
    }

    private static List<String> shellCommand(String shell) {
        List<String> words = Arrays.asList(shell.split(" "));
        if (!onPath(words.get(0))) {
            fail("\"" + words.get(0) + "\" is not installed: the drain test needs it to run guacd-drain.sh as the"
                    + " guacd image would (Debian package " + ("busybox".equals(words.get(0)) ? "busybox" : "dash") + ")");
        }
        return words;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program)))
                return true;
        }
        return false;
    }

    /** IPv4 sessions appear in /proc/net/tcp (guacd's case), IPv6 sessions in /proc/net/tcp6. */
    private static Sessions sessionsIn(String table) throws Exception {
        return table.endsWith("tcp6") ? LoopbackSessions.listen(InetAddress.getByName("::1")) : new Ipv4ChildSessions();
    }

    /** guacd's case: IPv4 sessions, {@code count} of them open. */
    private static Sessions ipv4SessionsWithOpen(int count) throws Exception {
        Sessions sessions = new Ipv4ChildSessions();
        try {
            sessions.open(count);
            return sessions;
        }
        catch (Exception e) {
            sessions.close();
            throw e;
        }
    }

    private DrainScript script(String shell, Sessions sessions) {
        return new DrainScript(shellCommand(shell), sessions.port(), drainState.resolve("draining"));
    }

    private static int stillOpen(String line) {
        Matcher m = STILL_OPEN.matcher(line);
        if (!m.find())
            throw new AssertionError("not a progress line: " + line);
        return Integer.parseInt(m.group(1));
    }

    /**
     * The kernel writes /proc/net/tcp page by page without a snapshot, so a read that races other
     * sockets opening and closing on this busy machine can list an entry twice or miss it; a few
     * reads agree once the table is still. The count must reach the expected value, not merely
     * come close.
     */
    private static void assertCount(DrainScript script, int expected) throws Exception {
        List<String> seen = new ArrayList<>();
        for (int read = 0; read < 5; read++) {
            String count = script.run("count").out.trim();
            if (count.equals(String.valueOf(expected)))
                return;
            seen.add(count);
            Thread.sleep(200);
        }
        fail("count never reported " + expected + " established connections; it reported " + seen);
    }

    private static boolean reports(String line, int count) {
        Matcher m = STILL_OPEN.matcher(line);
        return m.find() && Integer.parseInt(m.group(1)) == count;
    }

    @ParameterizedTest(name = "{0} reading {1}")
    @MethodSource("shellsAndTables")
    void countsTheEstablishedConnectionsOnThePort(String shell, String table) throws Exception {
        try (Sessions sessions = sessionsIn(table)) {
            DrainScript script = script(shell, sessions);
            assertCount(script, 0);

            sessions.open(3);
            ProcessOutcome three = script.run("count");
            assertEquals(0, three.exitCode, three.toString());
            assertCount(script, 3);

            sessions.open(2);
            assertCount(script, 5);

            sessions.close(4);
            assertCount(script, 1);
        }
    }

    @InEachShell
    void drainWaitsWhileAnyConnectionIsOpenAndReturnsOnceTheLastCloses(String shell) throws Exception {
        try (Sessions sessions = ipv4SessionsWithOpen(3)) {
            DrainScript script = script(shell, sessions);
            try (DrainScript.Running drain = script.start("drain")) {
                String first = drain.awaitLine(0, line -> STILL_OPEN.matcher(line).find(), DrainScript.WAIT_MILLIS);
                assertEquals(3, stillOpen(first), drain.output());
                assertTrue(Files.exists(drainState.resolve("draining")), "the drain marks the pod first");

                sessions.close(2);
                drain.awaitLine(0, line -> reports(line, 1), DrainScript.WAIT_MILLIS);
                // It keeps looking while one stays open: a later look reports it again.
                int seen = drain.lineCount();
                drain.awaitLine(seen, line -> reports(line, 1), DrainScript.WAIT_MILLIS);
                assertTrue(drain.isAlive(), "the drain must wait while a connection is open:\n" + drain.output());

                sessions.close(1);
                long closedAt = System.nanoTime();
                ProcessOutcome result = drain.awaitExit(DrainScript.WAIT_MILLIS);
                long afterClose = (System.nanoTime() - closedAt) / 1_000_000;
                System.out.println("[" + shell + "] drain returned " + afterClose + " ms after the last connection closed");
                assertEquals(0, result.exitCode, result.toString());
                assertTrue(result.out.contains("no connection left"), result.toString());
            }
        }
    }

    @InEachShell
    void drainReturnsAtTheCapWhenConnectionsStayOpen(String shell) throws Exception {
        try (Sessions sessions = ipv4SessionsWithOpen(2)) {
            DrainScript script = script(shell, sessions).with("DRAIN_MAX_SECONDS", "3");
            try (DrainScript.Running drain = script.start("drain")) {
                ProcessOutcome result = drain.awaitExit(DrainScript.WAIT_MILLIS);
                System.out.println("[" + shell + "] drain with a 3 s cap returned after " + result.millis + " ms");
                assertEquals(0, result.exitCode, result.toString());
                assertTrue(result.out.contains("cap of 3s reached: 2 connection(s) still open"), result.toString());
                // The cap, not an early exit: a whole-second clock can only shorten it by under a second.
                assertTrue(result.millis >= 2000, result.toString());
            }
            assertCount(script, 2);
        }
    }

    @InEachShell
    void readinessFailsFromTheMomentDrainingStartsWhileLivenessHolds(String shell) throws Exception {
        try (Sessions sessions = ipv4SessionsWithOpen(1)) {
            DrainScript script = script(shell, sessions);
            ProcessOutcome before = script.run("ready");
            assertEquals(0, before.exitCode, "listening and not draining: " + before);

            try (DrainScript.Running drain = script.start("drain")) {
                // The marker exists before the drain prints its first line.
                drain.awaitLine(0, line -> line.contains("draining:"), DrainScript.WAIT_MILLIS);
                ProcessOutcome during = script.run("ready");
                assertEquals(1, during.exitCode, during.toString());
                assertTrue(during.out.contains("not ready: draining"), during.toString());
                ProcessOutcome live = script.run("live");
                assertEquals(0, live.exitCode, "a draining guacd must not be restarted: " + live);
                assertTrue(drain.isAlive(), drain.output());
            }

            ProcessOutcome undrained = script.run("undrain");
            assertEquals(0, undrained.exitCode, undrained.toString());
            assertEquals(0, script.run("ready").exitCode, "undrain makes the pod ready again");
        }
    }

    @InEachShell
    void readinessAndLivenessFailWhenNothingListens(String shell) throws Exception {
        try (Sessions sessions = new Ipv4ChildSessions()) {
            DrainScript script = script(shell, sessions);
            assertEquals(0, script.run("live").exitCode);
            sessions.stopListening();
            ProcessOutcome ready = script.run("ready");
            assertEquals(1, ready.exitCode, ready.toString());
            assertTrue(ready.out.contains("nothing listens on port " + sessions.port()), ready.toString());
            assertEquals(1, script.run("live").exitCode);
        }
    }

    @InEachShell
    void forceEndsARunningDrain(String shell) throws Exception {
        try (Sessions sessions = ipv4SessionsWithOpen(1)) {
            DrainScript script = script(shell, sessions);
            try (DrainScript.Running drain = script.start("drain")) {
                drain.awaitLine(0, line -> reports(line, 1), DrainScript.WAIT_MILLIS);
                assertEquals(0, script.run("force").exitCode);
                ProcessOutcome result = drain.awaitExit(DrainScript.WAIT_MILLIS);
                assertTrue(result.out.contains("forced after"), result.toString());
                assertTrue(result.out.contains("1 connection(s) still open"), result.toString());
            }
        }
    }

    @InEachShell
    void anIdlePodStillWaitsTheSettleTime(String shell) throws Exception {
        try (Sessions sessions = LoopbackSessions.listen(InetAddress.getLoopbackAddress())) {
            DrainScript script = script(shell, sessions).with("DRAIN_SETTLE_SECONDS", "3");
            ProcessOutcome result = script.run("drain");
            assertEquals(0, result.exitCode, result.toString());
            assertTrue(result.out.contains("no connection left"), result.toString());
            assertTrue(result.millis >= 2000, "left before the settle time: " + result);

            ProcessOutcome immediate = script.with("DRAIN_SETTLE_SECONDS", "0").run("drain");
            assertTrue(immediate.out.contains("no connection left after 0s")
                    || immediate.out.contains("no connection left after 1s"), immediate.toString());
        }
    }

    @InEachShell
    void rejectsBadSettingsAndModesByName(String shell) throws Exception {
        try (Sessions sessions = LoopbackSessions.listen(InetAddress.getLoopbackAddress())) {
            ProcessOutcome cap = script(shell, sessions).with("DRAIN_MAX_SECONDS", "an hour").run("drain");
            assertEquals(2, cap.exitCode, cap.toString());
            assertTrue(cap.out.contains("DRAIN_MAX_SECONDS=\"an hour\" is not accepted: a whole number from 0 to 604800"),
                    cap.toString());
            assertFalse(Files.exists(drainState.resolve("draining")), "a rejected drain marks nothing");

            ProcessOutcome port = script(shell, sessions).with("DRAIN_PORT", "70000").run("count");
            assertEquals(2, port.exitCode, port.toString());
            assertTrue(port.out.contains("DRAIN_PORT=\"70000\" is not accepted: a whole number from 1 to 65535"),
                    port.toString());

            ProcessOutcome marker = script(shell, sessions).with("DRAIN_MARKER", "draining").run("ready");
            assertEquals(2, marker.exitCode, marker.toString());
            assertTrue(marker.out.contains("an absolute file path"), marker.toString());

            ProcessOutcome mode = script(shell, sessions).run("stop");
            assertEquals(2, mode.exitCode, mode.toString());
            assertTrue(mode.out.contains("unknown mode \"stop\"; accepted: ready, live, count, drain, force, undrain"),
                    mode.toString());
        }
    }
}
