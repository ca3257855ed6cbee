package io.guacdaffinity.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a value comes from, in the order Guacamole 1.6.0 looks (see docs/configuration.md). */
class PropertiesFileLookupTest {

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path f = dir.resolve("guacamole.properties");
        Files.write(f, List.of(lines), StandardCharsets.ISO_8859_1);
        return f;
    }

    @Test
    void readsPropertiesSyntaxAndTrimsValues() throws IOException {
        PropertiesFileLookup l = PropertiesFileLookup.read(file(
                "# comment", "! also a comment", "guacd-affinity-srv:   _guacd._tcp.x  ",
                "guacd-affinity-key = session", "guacd-affinity-members a \\", "    b"), Map.of(), Map.of());
        assertEquals("_guacd._tcp.x", l.get("guacd-affinity-srv"));
        assertEquals("session", l.get("guacd-affinity-key"));
        assertEquals("a b", l.get("guacd-affinity-members"));
        assertNull(l.get("guacd-affinity-ssl"));
    }

    @Test
    void aMalformedFileIsNamedInItsError() throws IOException {
        Path f = file("guacd-affinity-key: user", "guacd-affinity-srv: \\u12");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PropertiesFileLookup.read(dir, Map.of(), Map.of()));
        assertEquals(f + " is not a valid properties file (Malformed \\uxxxx encoding.); Guacamole cannot read it"
                + " either", e.getMessage());

        CliRun run = CliRun.run("plan", "--properties", dir.toString());
        assertEquals(Cli.USAGE, run.code);
        assertEquals("guacd-affinity plan: " + e.getMessage() + "\n", run.err);
    }

    @Test
    void environmentIsIgnoredUnlessTheFileEnablesIt() throws IOException {
        Map<String, String> env = Map.of("GUACD_AFFINITY_SRV", "_from._tcp.env");
        PropertiesFileLookup off = PropertiesFileLookup.read(file("guacd-hostname: localhost"), env, Map.of());
        assertFalse(off.environmentEnabled());
        assertNull(off.get("guacd-affinity-srv"));

        PropertiesFileLookup on = PropertiesFileLookup.read(file("enable-environment-properties: TRUE"), env, Map.of());
        assertTrue(on.environmentEnabled());
        assertEquals("_from._tcp.env", on.get("guacd-affinity-srv"));
        assertEquals("environment variable GUACD_AFFINITY_SRV", on.sourceOf("guacd-affinity-srv"));
    }

    @Test
    void theFileWinsOverTheEnvironmentEvenWithAnEmptyValue() throws IOException {
        Map<String, String> env = Map.of("GUACD_AFFINITY_SRV", "_from._tcp.env", "GUACD_AFFINITY_KEY", "session");
        Path f = file("enable-environment-properties: true", "guacd-affinity-srv: _from._tcp.file", "guacd-affinity-key:");
        PropertiesFileLookup l = PropertiesFileLookup.read(f, env, Map.of());
        assertEquals("_from._tcp.file", l.get("guacd-affinity-srv"));
        assertEquals(f.toString(), l.sourceOf("guacd-affinity-srv"));
        // Guacamole asks the environment only for names the file lacks; an empty line is not lacking.
        assertEquals("", l.get("guacd-affinity-key"));
    }

    @Test
    void theEnvironmentCannotEnableItself() throws IOException {
        Map<String, String> env = Map.of("ENABLE_ENVIRONMENT_PROPERTIES", "true", "GUACD_AFFINITY_SRV", "_x._tcp.y");
        PropertiesFileLookup l = PropertiesFileLookup.read(file("guacd-hostname: localhost"), env, Map.of());
        assertFalse(l.environmentEnabled());
        assertNull(l.get("guacd-affinity-srv"));
    }

    @Test
    void commandLineOverridesWinOverFileAndEnvironment() throws IOException {
        Map<String, String> env = Map.of("GUACD_AFFINITY_KEY", "session");
        PropertiesFileLookup l = PropertiesFileLookup.read(
                file("enable-environment-properties: true", "guacd-affinity-ssl: true"), env,
                Map.of("guacd-affinity-ssl", "false", "guacd-affinity-key", "connection"));
        assertEquals("false", l.get("guacd-affinity-ssl"));
        assertEquals("connection", l.get("guacd-affinity-key"));
        assertEquals("the command line", l.sourceOf("guacd-affinity-key"));
    }

    @Test
    void fileEnvironmentVariablesComeLastWhenEnabled() throws IOException {
        Path secret = dir.resolve("members.txt");
        Files.write(secret, "a=h1,b=h2\n".getBytes(StandardCharsets.UTF_8));
        Map<String, String> env = Map.of("GUACD_AFFINITY_MEMBERS_FILE", secret.toString(),
                "GUACD_AFFINITY_SRV_FILE", dir.resolve("missing").toString());
        PropertiesFileLookup l = PropertiesFileLookup.read(file("enable-file-environment-properties: true"), env, Map.of());
        assertEquals("a=h1,b=h2\n", l.get("guacd-affinity-members"));
        assertEquals("the file named by GUACD_AFFINITY_MEMBERS_FILE", l.sourceOf("guacd-affinity-members"));
        assertNull(l.get("guacd-affinity-srv"));
        assertEquals(1, l.warnings().size());
        assertTrue(l.warnings().get(0).startsWith("GUACD_AFFINITY_SRV_FILE names \"" + dir.resolve("missing")), l.warnings().get(0));
    }

    @Test
    void aSwitchThatIsNeitherTrueNorFalseIsRefused() throws IOException {
        Path f = file("enable-environment-properties: yes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PropertiesFileLookup.read(f, Map.of(), Map.of()));
        assertEquals("property enable-environment-properties = \"yes\" in " + f + " is not accepted: expected true or"
                + " false (Guacamole would then ignore environment variables)", e.getMessage());
    }

    @Test
    void withoutAFileOnlyOverridesCount() {
        PropertiesFileLookup l = PropertiesFileLookup.overridesOnly(Map.of("guacd-affinity-ssl", "true"));
        assertEquals("true", l.get("guacd-affinity-ssl"));
        assertNull(l.get("guacd-affinity-srv"));
        assertNull(l.sourceOf("guacd-affinity-srv"));
    }

    @Test
    void listsGuacdAffinityNamesInTheFile() throws IOException {
        PropertiesFileLookup l = PropertiesFileLookup.read(
                file("guacd-affinity-srv: x", "Guacd-Affinity-Key: user", "guacd-hostname: h"), Map.of(), Map.of());
        assertEquals(List.of("Guacd-Affinity-Key", "guacd-affinity-srv"), l.fileNamesStartingWith("guacd-affinity-"));
    }
}
