package io.guacdaffinity.guacamole;

import io.guacdaffinity.admin.MembershipReport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.guacamole.form.Field;
import org.apache.guacamole.form.Form;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connection form, the admin page and the save errors against the shipped translations: every
 * name the UI will look up exists in every language, and no language carries a key nobody uses.
 */
class TranslationsTest {

    private static final Path RESOURCES = Paths.get("src/main/resources");
    private static final Path WEB = RESOURCES.resolve("web");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PAGE_KEY = Pattern.compile("'GUACD_AFFINITY\\.([A-Z0-9_]+)'");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Z_]+)\\}");

    /** Guacamole's rule for attribute translation keys: upper case, non-alphanumeric runs become '_'. */
    private static String canonical(String name) {
        return name.replaceAll("[^A-Za-z0-9]+", "_").toUpperCase(Locale.ROOT);
    }

    private static Map<String, Map<String, String>> languages() throws IOException {
        Map<String, Map<String, String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(RESOURCES.resolve("translations"))) {
            for (Path p : files.collect(Collectors.toList())) {
                Map<String, String> flat = new TreeMap<>();
                flatten("", JSON.readTree(p.toFile()), flat);
                out.put(p.getFileName().toString().replace(".json", ""), flat);
            }
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject())
                flatten(key, e.getValue(), out);
            else
                out.put(key, e.getValue().asText());
        }
    }

    private static Set<String> withPrefix(Map<String, String> keys, String prefix) {
        return keys.keySet().stream().filter(k -> k.startsWith(prefix)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** What the connection editor looks up for our form. */
    private static Set<String> formKeys() {
        Set<String> keys = new TreeSet<>();
        Form form = AffinityAttributes.connectionForm();
        keys.add("CONNECTION_ATTRIBUTES.SECTION_HEADER_" + canonical(form.getName()));
        for (Field field : form.getFields()) {
            keys.add("CONNECTION_ATTRIBUTES.FIELD_HEADER_" + canonical(field.getName()));
            if (field.getOptions() != null) {
                for (String option : field.getOptions())
                    keys.add("CONNECTION_ATTRIBUTES.FIELD_OPTION_" + canonical(field.getName()) + "_"
                            + (option.isEmpty() ? "EMPTY" : canonical(option)));
            }
        }
        return keys;
    }

    /** What the page, the menu entry and the save errors look up. */
    private static Set<String> pageKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(WEB)) {
            files.filter(p -> p.toString().endsWith(".html") || p.toString().endsWith(".js")).forEach(sources::add);
        }
        for (Path p : sources) {
            Matcher m = PAGE_KEY.matcher(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
            while (m.find()) {
                String key = m.group(1);
                if (key.endsWith("_")) {
                    // 'GUACD_AFFINITY.SOURCE_' + membership.source
                    assertEquals("SOURCE_", key, "only the membership source is translated by prefix");
                    for (String source : MembershipReport.SOURCES)
                        keys.add("GUACD_AFFINITY.SOURCE_" + source);
                }
                else
                    keys.add("GUACD_AFFINITY." + key);
            }
        }
        keys.addAll(ConnectionAttributeCheck.messageKeys());
        return keys;
    }

    @Test
    void formDeclaresOurTwoAttributesAndEveryKeyOption() {
        Form form = AffinityAttributes.connectionForm();
        assertEquals("guacd-affinity", form.getName());
        List<String> names = form.getFields().stream().map(Field::getName).collect(Collectors.toList());
        assertEquals(List.of("guacd-affinity-key", "guacd-affinity-member"), names);
        assertTrue(names.stream().noneMatch(n -> n.matches("guacd-(hostname|port|encryption)")));
        assertEquals(List.of("", "user", "session", "client-ip", "connection", "off"),
                new ArrayList<>(form.getFields().iterator().next().getOptions()));
    }

    @Test
    void everyFormNameAndOptionIsTranslatedInEveryLanguageAndNothingElse() throws IOException {
        Map<String, Map<String, String>> languages = languages();
        assertTrue(languages.keySet().containsAll(Set.of("en", "de")), languages.keySet().toString());
        for (Map.Entry<String, Map<String, String>> lang : languages.entrySet())
            assertSameKeys(formKeys(), withPrefix(lang.getValue(), "CONNECTION_ATTRIBUTES."), lang.getKey());
    }

    @Test
    void everyPageStringAndErrorIsTranslatedInEveryLanguageAndNothingElse() throws IOException {
        Set<String> used = pageKeys();
        assertTrue(used.contains("GUACD_AFFINITY.TABLE_HEADER_LIVE_TUNNELS"), used.toString());
        for (Map.Entry<String, Map<String, String>> lang : languages().entrySet())
            assertSameKeys(used, withPrefix(lang.getValue(), "GUACD_AFFINITY."), lang.getKey());
    }

    @Test
    void languagesAgreeOnKeysAndPlaceholdersAndLeaveNothingEmpty() throws IOException {
        Map<String, Map<String, String>> languages = languages();
        Map<String, String> en = languages.get("en");
        for (Map.Entry<String, Map<String, String>> lang : languages.entrySet()) {
            assertSameKeys(en.keySet(), lang.getValue().keySet(), lang.getKey());
            for (Map.Entry<String, String> e : lang.getValue().entrySet()) {
                assertFalse(e.getValue().trim().isEmpty(), lang.getKey() + " " + e.getKey());
                assertEquals(placeholders(en.get(e.getKey())), placeholders(e.getValue()), lang.getKey() + " " + e.getKey());
            }
        }
    }

    private static void assertSameKeys(Set<String> expected, Set<String> actual, String language) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> stray = new TreeSet<>(actual);
        stray.removeAll(expected);
        assertTrue(missing.isEmpty() && stray.isEmpty(), language + ": missing " + missing + ", stray " + stray);
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find())
            found.add(m.group(1));
        return found;
    }

    @Test
    void manifestListsEveryTranslationAndEveryListedFileExists() throws IOException {
        JsonNode manifest = JSON.readTree(Paths.get("guac-manifest.json").toFile());
        Set<String> listed = new TreeSet<>();
        manifest.get("translations").forEach(n -> listed.add(n.asText()));
        Set<String> shipped;
        try (Stream<Path> files = Files.list(RESOURCES.resolve("translations"))) {
            shipped = files.map(p -> "translations/" + p.getFileName()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(shipped, listed);
        List<String> files = new ArrayList<>();
        for (String field : new String[] { "js", "css", "html" })
            manifest.get(field).forEach(n -> files.add(n.asText()));
        manifest.get("resources").fieldNames().forEachRemaining(files::add);
        for (String f : files)
            assertTrue(Files.isRegularFile(RESOURCES.resolve(f)), f);
        assertTrue(files.contains("web/templates/status.html"));
    }
}
