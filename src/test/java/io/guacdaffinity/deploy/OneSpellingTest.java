package io.guacdaffinity.deploy;

import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.routing.AffinityKey;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the administrator copies is written one way everywhere: the {@code extension-priority} line,
 * and a ring key in the notation {@code route} prints ({@code user:alice}).
 */
class OneSpellingTest {

    /** The line every page, example file, manifest and log message gives. */
    private static final String PRIORITY = "guacd-affinity, *";

    /** {@code extension-priority: …}, {@code EXTENSION_PRIORITY=…} and a manifest's {@code value:} after the name. */
    private static final Pattern PRIORITY_SETTING = Pattern.compile(
            "(?:extension-priority|EXTENSION_PRIORITY)(?:\\s*[:=]\\s*|\"?\\s*\\n\\s*value:\\s*)['\"]?"
            + "([A-Za-z0-9*_-]+(?:,[ \\t]*[A-Za-z0-9*_-]+)*)");
    /** A key as JSON examples show it. */
    private static final Pattern JSON_KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]*)\"");

    private static List<Path> adminFacingFiles() {
        List<Path> out = new ArrayList<>();
        out.add(ProjectFiles.ROOT.resolve("README.md"));
        for (String dir : List.of("docs", "etc", "src/main")) {
            try (Stream<Path> files = Files.walk(ProjectFiles.ROOT.resolve(dir))) {
                out.addAll(files.filter(Files::isRegularFile)
                        .filter(f -> f.toString().matches(".*\\.(md|properties|ya?ml|java|js|html|json|sh)$")
                                || f.getFileName().toString().equals("Dockerfile"))
                        .collect(Collectors.toList()));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    @Test
    void everyExtensionPriorityLineIsTheOneTheDocsExplain() {
        List<String> found = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (Path file : adminFacingFiles()) {
            Matcher m = PRIORITY_SETTING.matcher(ProjectFiles.read(file));
            while (m.find()) {
                String value = m.group(1);
                String where = ProjectFiles.ROOT.relativize(file) + ": " + value;
                found.add(where);
                // An existing line with other extensions keeps them, between ours and the rest.
                boolean extended = value.startsWith("guacd-affinity, ") && value.endsWith(", *");
                if (!value.equals(PRIORITY) && !(extended && value.matches("[a-z0-9-]+(, [a-z0-9-]+)*, \\*")))
                    wrong.add(where);
            }
        }
        assertTrue(found.size() >= 8, "fewer extension-priority lines than the pages give: " + found);
        assertTrue(wrong.isEmpty(), "extension-priority must read \"" + PRIORITY + "\" (guacd-affinity first, then"
                + " every other extension), or keep other listed extensions between the two: " + wrong);
    }

    @Test
    void keysInExamplesAreWrittenAsRouteWritesThem() {
        List<String> wrong = new ArrayList<>();
        int found = 0;
        for (Path file : adminFacingFiles()) {
            if (!file.toString().endsWith(".md"))
                continue;
            Matcher m = JSON_KEY.matcher(ProjectFiles.read(file));
            while (m.find()) {
                found++;
                String key = m.group(1);
                AffinityKey parsed = AffinityKey.parse(key);
                boolean prefixed = key.startsWith(parsed.mode().value() + ":");
                if (!prefixed || !parsed.text().equals(key))
                    wrong.add(ProjectFiles.ROOT.relativize(file) + ": " + key);
            }
        }
        assertTrue(found > 0, "no key in the pages' JSON examples: has the notation changed?");
        assertTrue(wrong.isEmpty(), "keys are written mode:value, as route prints them (such as user:alice): " + wrong);
        assertEquals("user:alice", AffinityKey.of(KeyMode.USER, "alice").text());
    }
}
