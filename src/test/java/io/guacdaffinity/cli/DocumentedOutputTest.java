package io.guacdaffinity.cli;

import io.guacdaffinity.testing.DeadPort;
import io.guacdaffinity.testing.GuacdDouble;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Output the documentation quotes is the output the commands print: each test runs the command on
 * the documented input and compares with the fenced block of the page.
 */
class DocumentedOutputTest {

    /** Where the pages say the properties file is. */
    private static final String DOCUMENTED_FILE = "/etc/guacamole/guacamole.properties";

    @TempDir
    Path dir;

    private static String page(String name) throws IOException {
        return Files.readString(Paths.get("docs", name), StandardCharsets.UTF_8);
    }

    /** The lines of the first fenced block of {@code page} that has a line starting with {@code firstLine}. */
    static List<String> fencedBlock(String page, String firstLine) {
        List<String> block = null;
        for (String line : page.split("\n")) {
            String trimmed = line.trim();
            if (block == null && trimmed.startsWith("```")) {
                block = new ArrayList<>();
                continue;
            }
            if (block != null && trimmed.startsWith("```")) {
                if (block.stream().anyMatch(l -> l.trim().startsWith(firstLine)))
                    return block;
                block = null;
                continue;
            }
            if (block != null)
                block.add(line);
        }
        throw new AssertionError("no fenced block with a line starting \"" + firstLine + "\"");
    }

    /** Lines with runs of spaces made one: a table's padding follows the widest cell, which addresses change. */
    static List<String> words(List<String> lines) {
        return lines.stream().map(l -> l.trim().replaceAll(" {2,}", " ")).collect(Collectors.toList());
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    /**
     * install.md's doctor example: the members of its step 2, the first two answering as guacd does
     * and the third stopped, on loopback addresses that the output then names as the page does.
     */
    @Test
    void installDoctorExampleIsWhatDoctorPrints() throws IOException {
        String page = page("install.md");
        Matcher members = Pattern.compile("(?m)^\\s*guacd-affinity-members: (.*)$").matcher(page);
        assertTrue(members.find(), "install.md no longer shows guacd-affinity-members");
        Map<String, String> documented = new LinkedHashMap<>();
        for (String item : members.group(1).split(",\\s*")) {
            String[] nameAddress = item.trim().split("=");
            documented.put(nameAddress[0], nameAddress[1]);
        }
        assertEquals(List.of("guacd-a", "guacd-b", "guacd-c"), List.copyOf(documented.keySet()));

        try (GuacdDouble a = GuacdDouble.start("guacd-a"); GuacdDouble b = GuacdDouble.start("guacd-b")) {
            Map<String, String> real = new LinkedHashMap<>();
            real.put("guacd-a", a.host() + ":" + a.port());
            real.put("guacd-b", b.host() + ":" + b.port());
            real.put("guacd-c", GuacdDouble.HOST + ":" + DeadPort.find());
            Path file = Files.writeString(dir.resolve("guacamole.properties"), "guacd-affinity-members: "
                    + real.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))
                    + "\n");
            CliRun run = CliRun.run("doctor", "--properties", file.toString());
            assertEquals(Cli.FAILED, run.code, run.toString());
            String printed = run.out + run.err;
            printed = printed.replace(file.toString(), DOCUMENTED_FILE);
            for (String name : real.keySet())
                printed = printed.replace(real.get(name), documented.get(name));
            assertEquals(words(fencedBlock(page, "read:     " + DOCUMENTED_FILE)), words(lines(printed)));
        }
    }

    /** dns-srv.md's line for a DNS server that does not answer: a UDP socket that never replies stands in for it. */
    @Test
    void dnsSrvSilentServerLineIsWhatDoctorPrints() throws IOException {
        String page = page("dns-srv.md");
        List<String> documented = fencedBlock(page, "guacd-affinity doctor: SRV look-up of ");
        assertEquals(1, documented.size(), String.join("\n", documented));
        Path empty = Files.writeString(dir.resolve("guacamole.properties"), "");
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getByName(GuacdDouble.HOST))) {
            String server = GuacdDouble.HOST + ":" + silent.getLocalPort();
            CliRun run = CliRun.run("doctor", "--properties", empty.toString(), "--srv",
                    "_guacd._tcp.guacd-headless.guacamole.svc.cluster.local", "--dns-servers", server);
            assertEquals(Cli.FAILED, run.code, run.toString());
            assertEquals("", run.out);
            assertEquals(documented, lines(run.err.replace(server, "10.96.0.10:53")));
        }
    }

    /** configuration.md's example of a file with a bad value and a misspelled name: both reported at once. */
    @Test
    void configurationCheckExampleIsWhatPlanPrints() throws IOException {
        String page = page("configuration.md");
        List<String> input = fencedBlock(page, "guacd-affinity-virtual-node:");
        Path file = Files.write(dir.resolve("guacamole.properties"), input);
        CliRun run = CliRun.run("plan", "--properties", file.toString());
        assertEquals(Cli.USAGE, run.code, run.toString());
        assertEquals("", run.out);
        assertEquals(fencedBlock(page, "guacd-affinity plan: "), lines(run.err.replace(file.toString(), DOCUMENTED_FILE)));
    }
}
