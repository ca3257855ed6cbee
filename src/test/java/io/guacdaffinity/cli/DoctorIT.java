package io.guacdaffinity.cli;

import io.guacdaffinity.dnstest.HeadlessService;
import io.guacdaffinity.dnstest.UnboundServer;
import io.guacdaffinity.testing.ProcessOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code doctor} against a real DNS server, in process and from the built JAR. */
class DoctorIT {

    @AutoClose
    private static UnboundServer dns;
    private static Path properties;

    @BeforeAll
    static void startDns() throws Exception {
        dns = UnboundServer.serving(new HeadlessService(5).pods(0, 1, 2).pod(3, "127.0.1.3", 0));
    }

    @AfterAll
    static void deleteProperties() throws Exception {
        if (properties != null)
            Files.deleteIfExists(properties);
    }

    /** A guacamole.properties without guacd-affinity properties, so that nothing else on this machine is read. */
    private static Path emptyProperties() throws IOException {
        if (properties == null) {
            properties = Files.createTempFile("doctor-it-", ".properties");
            properties.toFile().deleteOnExit();
        }
        return properties;
    }

    private static int deadPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * The pods of the SRV answer, each checked: their host names exist only in the test's DNS server,
     * not in the resolver the check connects with, so each is an unknown host and doctor fails.
     */
    private static void assertListsThePods(String out) {
        for (int i = 0; i < 3; i++)
            assertTrue(out.matches("(?s).*\\n  " + HeadlessService.podName(i) + " +"
                    + HeadlessService.target(i).replace(".", "\\.") + ":4822 +unknown host +1\\n.*"), out);
        assertTrue(out.contains("members:  3"), out);
        assertTrue(out.contains("source:   SRV"), out);
        assertTrue(out.contains("TTL 5 s"), out);
        assertTrue(out.contains("4 SRV records from " + dns.address()), out);
        assertTrue(out.contains("warning:  skipped SRV record") && out.contains("port 0"), out);
    }

    @Test
    void doctorPrintsTheMembersTheExtensionWouldSee() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(new String[] { "doctor", "--properties", emptyProperties().toString(), "--srv",
                HeadlessService.SRV, "--dns-servers", dns.address() },
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, printed + err);
        assertListsThePods(printed);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("guacd-affinity doctor: 3 of 3 members fail the"
                + " health check: "), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * dns-srv.md's example is this run, named as the page names it: its properties file, and the
     * cluster DNS server for the test's. The page's pods answer the health check; here their names
     * exist only in the test's DNS server, so each is an unknown host, and the page's line for a
     * reachable member (the format DocumentedOutputTest checks) takes the place of that line.
     */
    @Test
    void dnsSrvPageExampleIsWhatDoctorPrints() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path file = emptyProperties();
        int code = Cli.run(new String[] { "doctor", "--properties", file.toString(), "--srv",
                HeadlessService.SRV, "--dns-servers", dns.address() },
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code, out + "" + err);
        String printed = out.toString(StandardCharsets.UTF_8)
                .replace(file.toString(), "/etc/guacamole/guacamole.properties")
                .replace(dns.address(), "10.96.0.10:53");
        for (int i = 0; i < 3; i++) {
            String address = HeadlessService.target(i) + ":4822";
            printed = printed.replace(address + "  unknown host", address + "  reachable")
                    .replace(HeadlessService.podName(i) + ": guacd host " + HeadlessService.target(i) + " does not resolve"
                            + " (the extension marks it down)", HeadlessService.podName(i) + ": guacd at " + address
                            + " answered error No such connection. 516");
        }
        String page = Files.readString(Path.of("docs", "dns-srv.md"), StandardCharsets.UTF_8);
        List<String> documented = DocumentedOutputTest.fencedBlock(page, "read:     /etc/guacamole/guacamole.properties");
        assertEquals(DocumentedOutputTest.words(documented), DocumentedOutputTest.words(List.of(printed.split("\n"))));
    }

    @Test
    void doctorSaysWhenTheNameHasNoRecords() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String missing = "_guac._tcp." + HeadlessService.DOMAIN;
        int code = Cli.run(new String[] { "doctor", "--properties", emptyProperties().toString(), "--srv", missing,
                "--dns-servers", dns.address() },
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        String error = err.toString(StandardCharsets.UTF_8);
        assertTrue(error.startsWith("guacd-affinity doctor: NXDOMAIN from " + dns.address() + ": no usable SRV records for " + missing),
                error);
        assertTrue(error.contains("no guacd to route to"), error);
    }

    @Test
    void doctorFromTheJarPrintsTheMembers() throws Exception {
        ProcessOutcome r = runJar("doctor", "--properties", emptyProperties().toString(), "--srv", HeadlessService.SRV,
                "--dns-servers", dns.address());
        assertEquals(1, r.exitCode, r.toString());
        assertListsThePods(r.out);
    }

    @Test
    void doctorFromTheJarAgainstADeadServerSaysSoInOneLine() throws Exception {
        int port = deadPort();
        ProcessOutcome r = runJar("doctor", "--properties", emptyProperties().toString(), "--srv", HeadlessService.SRV,
                "--dns-servers", "127.0.0.1:" + port);
        assertEquals(1, r.exitCode, r.toString());
        assertEquals("", r.out, r.toString());
        assertEquals(List.of("guacd-affinity doctor: SRV look-up of " + HeadlessService.SRV + " failed: DNS server 127.0.0.1:" + port
                + " is down: nothing listens on that port (ICMP port unreachable)"), r.err.lines().collect(
                java.util.stream.Collectors.toList()));
    }

    @Test
    void theJarCarriesDnsjavaRelocatedWithoutServicesOrRootResources() throws IOException {
        List<String> leaked = new ArrayList<>();
        boolean relocated = false;
        try (JarFile jar = new JarFile(BuiltJar.path().toFile())) {
            for (JarEntry e : Collections.list(jar.entries())) {
                String n = e.getName();
                if (n.startsWith("org/xbill/") || n.startsWith("META-INF/services/") || n.equals("messages.properties")
                        || n.contains("/dnsjava/spi/") || n.contains("/dnsjava/tools/"))
                    leaked.add(n);
                relocated |= n.equals("io/guacdaffinity/internal/lib/dnsjava/SimpleResolver.class");
            }
        }
        assertTrue(relocated, "dnsjava is bundled under io.guacdaffinity.internal.lib.dnsjava");
        assertEquals(List.of(), leaked);
    }

    private static ProcessOutcome runJar(String... args) throws Exception {
        Path dir = Files.createTempDirectory("doctor-it-");
        try {
            return BuiltJar.run(dir, null, false, args);
        }
        finally {
            Files.deleteIfExists(dir);
        }
    }
}
