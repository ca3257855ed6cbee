package io.guacdaffinity.cli;

import io.guacdaffinity.testing.DeadPort;
import io.guacdaffinity.testing.GuacdDouble;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoctorCommandTest {

    private static final String SRV = "_guacd._tcp.guacd-headless.guacamole.svc.cluster.local";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** doctor with its Guacamole home search confined to the temporary directory. */
    private int doctor(Map<String, String> env, String... args) {
        DoctorCommand doctor = new DoctorCommand(home());
        try {
            return doctor.run(Arguments.parse("doctor", Arrays.asList(args), doctor.options(), doctor.repeatable()),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    env);
        }
        catch (UsageException e) {
            err.writeBytes(e.getMessage().getBytes(StandardCharsets.UTF_8));
            return Cli.USAGE;
        }
    }

    private static GuacdDouble guacd;
    private static GuacdDouble guacd2;

    @BeforeAll
    static void startGuacd() throws IOException {
        guacd = GuacdDouble.start("guacd-0");
        guacd2 = GuacdDouble.start("guacd-1");
    }

    @AfterAll
    static void stopGuacd() {
        guacd.close();
        guacd2.close();
    }

    /** The address of a guacd that answers the health check. */
    private static String live() {
        return guacd.host() + ":" + guacd.port();
    }

    private static String live2() {
        return guacd2.host() + ":" + guacd2.port();
    }

    private GuacamoleHome home() {
        return new GuacamoleHome(dir.resolve("tmp"), dir.resolve("user"), dir.resolve("etc"));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static int deadUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Path write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void deadDnsServerGivesOneLineNamingItAndExitOne() throws IOException {
        int port = deadUdpPort();
        int code = doctor(Map.of(), "--srv", SRV, "--dns-servers", "127.0.0.1:" + port);
        assertEquals(Cli.FAILED, code);
        assertEquals("", out());
        assertEquals("guacd-affinity doctor: SRV look-up of " + SRV + " failed: DNS server 127.0.0.1:" + port
                + " is down: nothing listens on that port (ICMP port unreachable)" + System.lineSeparator(), err());
    }

    @Test
    void withAFallbackListTheDeadServerIsStillReportedAndTheFallbackShown() throws IOException {
        int code = doctor(Map.of(), "--srv", SRV, "--dns-servers", "127.0.0.1:" + deadUdpPort(),
                "--set", "guacd-affinity-members=backup-0=10.9.9.9:4822");
        assertEquals(Cli.FAILED, code);
        assertEquals(1, err().lines().count(), err());
        assertTrue(out().contains("FALLBACK") && out().contains("backup-0") && out().contains("10.9.9.9:4822"), out());
    }

    /** The rows of doctor's members table, by member name: host:port, check, weight. */
    private Map<String, String[]> checks() {
        Map<String, String[]> rows = new LinkedHashMap<>();
        boolean in = false;
        for (String line : out().split("\n")) {
            if (line.startsWith("  name ")) {
                in = true;
                continue;
            }
            String[] cells = line.trim().split("\\s{2,}");
            if (!in)
                continue;
            if (!line.startsWith("  ") || cells.length != 4)
                break;
            rows.put(cells[0], new String[] { cells[1], cells[2], cells[3] });
        }
        return rows;
    }

    @Test
    void staticMembersAreListedAndEachGetsTheHealthCheck() {
        int code = doctor(Map.of(), "--set", "guacd-affinity-members=a=" + live() + " b=" + live2() + "*3");
        assertEquals(Cli.OK, code, out() + err());
        assertTrue(out().contains("source:   STATIC"), out());
        Map<String, String[]> checks = checks();
        assertEquals(List.of("a", "b"), List.copyOf(checks.keySet()), out());
        assertEquals(List.of(live(), "reachable", "1"), List.of(checks.get("a")));
        assertEquals(List.of(live2(), "reachable", "3"), List.of(checks.get("b")));
        assertTrue(out().contains("  a: guacd at " + live() + " answered error No such connection. 516\n"), out());
        assertEquals("", err());
    }

    @Test
    void aRefusedASilentAndALiveMemberAreEachNamedAndDoctorFails() throws IOException {
        int refused = DeadPort.find();
        try (GuacdDouble hung = GuacdDouble.start("hung")) {
            hung.freeze();
            String members = "up=" + live() + ", down=127.0.0.1:" + refused + ", hung=127.0.0.1:" + hung.port();
            long start = System.nanoTime();
            int code = doctor(Map.of(), "--set", "guacd-affinity-members=" + members,
                    "--set", "guacd-affinity-connect-timeout=500");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(Cli.FAILED, code, out() + err());
            Map<String, String[]> checks = checks();
            assertEquals("reachable", checks.get("up")[1], out());
            assertEquals("refused", checks.get("down")[1], out());
            assertEquals("silent", checks.get("hung")[1], out());
            assertEquals("127.0.0.1:" + refused, checks.get("down")[0]);
            assertTrue(out().contains("  down: guacd at 127.0.0.1:" + refused + " cannot be reached: Connection refused"),
                    out());
            assertTrue(out().contains("  hung: guacd accepted the connection but said nothing within 500 ms"), out());
            assertEquals("guacd-affinity doctor: 2 of 3 members fail the health check: down refused, hung silent"
                    + System.lineSeparator(), err());
            assertTrue(millis < 3000, "members are checked at once, one timeout in all: " + millis + " ms");
        }
    }

    @Test
    void nothingConfiguredIsAnErrorSayingWhereItLooked() {
        assertEquals(Cli.FAILED, doctor(Map.of()));
        assertTrue(err().contains("neither guacd-affinity-srv nor guacd-affinity-members is set"), err());
        assertTrue(err().contains("no guacamole.properties in " + dir.resolve("tmp")), err());
    }

    @Test
    void aMalformedGuacamolePropertiesItFindsIsNamedWithItsPath() throws IOException {
        Path bad = write("etc/guacamole.properties", "guacd-affinity-members: a=" + live() + "\nguacd-hostname: \\uZZZZ\n");
        assertEquals(Cli.USAGE, doctor(Map.of()));
        assertTrue(err().contains(bad + " is not a valid properties file (Malformed \\uxxxx encoding.)"), err());
    }

    @Test
    void anUnreadableGuacamolePropertiesIsNamedWithItsPath() throws IOException {
        // A directory where the file should be cannot be read, even by root.
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("guacamole.properties"));
        assertEquals(Cli.USAGE, doctor(Map.of(), "--properties", home.toString()));
        assertTrue(err().startsWith("doctor: " + home.resolve("guacamole.properties") + " cannot be read ("), err());
        assertFalse(err().contains("java.io."), "no exception class names: " + err());
    }

    @Test
    void withoutAFileTheEnvironmentIsReadAsTheOfficialImageWould() {
        assertEquals(Cli.OK, doctor(Map.of("GUACD_AFFINITY_MEMBERS", "fromenv=" + live())));
        assertTrue(out().contains("fromenv") && out().contains("read:     GUACD_AFFINITY_* environment variables"), out());
    }

    @Test
    void theImagesGeneratedGuacamoleHomeIsFoundFirstAndItsSwitchHonoured() throws IOException {
        Path older = write("tmp/guacamole-home.aaa/guacamole.properties", "guacd-affinity-members: old=" + live() + "\n");
        Files.setLastModifiedTime(older, FileTime.from(Instant.now().minusSeconds(3600)));
        Path generated = write("tmp/guacamole-home.bbb/guacamole.properties",
                "guacd-affinity-virtual-nodes: 10\nenable-environment-properties: true\n");
        write("etc/guacamole.properties", "guacd-affinity-members: etc=" + live() + "\n");
        assertEquals(generated, home().find(Map.of()));

        assertEquals(Cli.OK, doctor(Map.of("GUACD_AFFINITY_MEMBERS", "fromenv=" + live())));
        assertTrue(out().contains("read:     " + generated + " and GUACD_AFFINITY_* environment variables"), out());
        assertTrue(out().contains("fromenv") && !out().contains("old") && !out().contains("etc="), out());
    }

    @Test
    void guacamoleHomeIsSearchedInGuacamolesOrder() throws IOException {
        assertNull(home().find(Map.of()));
        Path etc = write("etc/guacamole.properties", "");
        assertEquals(etc, home().find(Map.of()));
        Path user = write("user/.guacamole/guacamole.properties", "");
        assertEquals(user, home().find(Map.of()));
        Path env = write("env/guacamole.properties", "");
        assertEquals(env, home().find(Map.of("GUACAMOLE_HOME", dir.resolve("env").toString())));
    }

    @Test
    void aMisspelledPropertyInTheFileIsNamed() throws IOException {
        Path file = write("g/guacamole.properties", "guacd-affinity-members: guacd-0=" + live() + "\n"
                + "guacd-affinity-virtual-node: 500\n");
        assertEquals(Cli.OK, doctor(Map.of(), "--properties", file.toString()));
        assertTrue(out().contains("warning:  " + file + " sets guacd-affinity-virtual-node, which is not a"
                + " guacd-affinity property"), out());
        assertFalse(out().contains("sets guacd-affinity-members"), out());
    }

    @Test
    void aRetiredPropertyIsWarnedAboutOnceAndNotCalledUnknown() throws IOException {
        Path file = write("g/guacamole.properties", "guacd-affinity-members: guacd-0=" + live() + "\n"
                + "guacd-affinity-pin-timeout: 3600\n");
        assertEquals(Cli.OK, doctor(Map.of(), "--properties", file.toString()));
        assertTrue(out().contains("warning:  guacd-affinity-pin-timeout is set but no longer does anything"), out());
        assertEquals(1, out().split("guacd-affinity-pin-timeout", -1).length - 1, "one warning: " + out());
        assertFalse(out().contains("which is not a guacd-affinity property"), out());
    }

    @Test
    void aFileWithoutTheSwitchIgnoresTheEnvironmentAndSaysSo() throws IOException {
        Path file = write("g/guacamole.properties", "guacd-affinity-members: fromfile=" + live() + "\n");
        assertEquals(Cli.OK, doctor(Map.of("GUACD_AFFINITY_MEMBERS", "fromenv=" + live()), "--properties", file.toString()));
        assertTrue(out().contains("fromfile") && !out().contains("fromenv"), out());
        assertTrue(out().contains("environment variables not read"), out());

        out.reset();
        assertEquals(Cli.OK, doctor(Map.of(), "--properties", file.toString(),
                "--set", "guacd-affinity-members=fromoption=" + live()));
        assertTrue(out().contains("fromoption") && !out().contains("fromfile"), out());
        assertTrue(out().contains("overridden on the command line"), out());
    }

    @Test
    void badOptionsAndPropertiesAreRefusedSayingWhatIsWrong() throws IOException {
        CliRun run = CliRun.run("doctor", "--srv");
        assertEquals(Cli.USAGE, run.code);
        assertTrue(run.err.startsWith("guacd-affinity doctor: option --srv needs a value"), run.err);

        run = CliRun.run("doctor", "--set", "guacd-affinity-nope=1");
        assertEquals(Cli.USAGE, run.code);
        assertTrue(run.err.contains("which is not a guacd-affinity property") && run.err.contains("guacd-affinity-srv"),
                run.err);

        Path file = write("g/guacamole.properties", "guacd-affinity-members: a=" + live() + "\n");
        run = CliRun.run("doctor", "--properties", file.toString(), "--set", "guacd-affinity-dns-timeout=5");
        assertEquals(Cli.USAGE, run.code);
        assertTrue(run.err.contains("guacd-affinity-dns-timeout") && run.err.contains("100 to 60000"), run.err);

        run = CliRun.run("doctor", "--properties", dir.resolve("missing.properties").toString());
        assertEquals(Cli.USAGE, run.code);
        assertTrue(run.err.contains("missing.properties") && run.err.contains("does not exist"), run.err);

        run = CliRun.run("doctor", "extra");
        assertEquals(Cli.USAGE, run.code);
        assertTrue(run.err.contains("takes no arguments"), run.err);
    }

    @Test
    void theCommandLineDispatchesToDoctor() throws IOException {
        Path file = write("g/guacamole.properties", "");
        CliRun run = CliRun.run("doctor", "--properties", file.toString(), "--srv", SRV, "--dns-servers",
                "127.0.0.1:" + deadUdpPort());
        assertEquals(Cli.FAILED, run.code, run.toString());
        assertTrue(run.err.startsWith("guacd-affinity doctor: SRV look-up of " + SRV + " failed"), run.err);
        assertTrue(CliRun.run("help").out.contains(new DoctorCommand().synopsis()));
    }
}
