package io.guacdaffinity.conf;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Properties;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docs/configuration.md and etc/guacamole.properties document exactly the properties of
 * {@link AffinityConfig#ALL}, each with its default. When this fails after a property changed,
 * regenerate both files with the command in {@link PropertyDocs#REGENERATE}.
 */
class PropertyDocumentationTest {

    /** A property name as written in prose: the prefix, then a word that starts with a letter. */
    private static final Pattern DOCUMENTED_NAME = Pattern.compile("guacd-affinity-[a-z][a-z0-9]*(?:-[a-z0-9]+)*");
    private static final Pattern DOCUMENTED_VARIABLE = Pattern.compile("GUACD_AFFINITY_[A-Z0-9_]*[A-Z0-9]");

    /** Environment variables of the tool itself, not of a property. */
    private static final Set<String> OTHER_VARIABLES = Set.of("GUACD_AFFINITY_SLF4J");

    private static final String HOW_TO_FIX = "\nRegenerate the documented properties from AffinityConfig (repository root):\n  "
            + PropertyDocs.REGENERATE + "\n";

    private static Path root() {
        return Paths.get(System.getProperty("basedir", "."));
    }

    private static String read(Path relative) throws IOException {
        Path file = root().resolve(relative);
        assertTrue(Files.isRegularFile(file), file + " is missing");
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    @Test
    void configurationMarkdownDescribesEveryPropertyWithItsDefaultAndVariable() throws IOException {
        assertEachPropertyDocumented(PropertyDocs.MARKDOWN, PropertyDocumentationTest::markdownSection,
                s -> s.name() + " has no section \"### " + s.name() + "\"", (s, md, section, problems) -> {
                    if (!section.contains("- Default: " + PropertyDocs.markdownDefault(s) + "\n"))
                        problems.add(s.name() + ": its section does not give the default "
                                + PropertyDocs.markdownDefault(s));
                    if (!section.contains("`" + s.environmentVariable() + "`"))
                        problems.add(s.name() + ": its section does not name " + s.environmentVariable());
                    String summaryRow = "| [`" + s.name() + "`](#" + s.name() + ") | " + PropertyDocs.markdownDefault(s) + " |";
                    if (!md.contains(summaryRow))
                        problems.add(s.name() + " is missing from the summary table, or with another default");
                });
    }

    @Test
    void examplePropertiesFileListsEveryPropertyWithItsDefault() throws IOException {
        assertEachPropertyDocumented(PropertyDocs.PROPERTIES, PropertyDocumentationTest::propertyLine,
                s -> s.name() + " has no line \"#" + s.name() + ": " + s.defaultText() + "\"",
                (s, text, line, problems) -> {
                    // Read the line as Guacamole would once the admin removes the '#'.
                    Properties p = new Properties();
                    p.load(new StringReader(line.replaceFirst("^#\\s*", "")));
                    String value = p.getProperty(s.name());
                    if (!s.defaultText().equals(value == null ? null : value.trim()))
                        problems.add(s.name() + " shows \"" + value + "\", its default is \"" + s.defaultText()
                                + "\"");
                    if (!text.contains("Environment variable: " + s.environmentVariable() + "\n"))
                        problems.add(s.name() + ": its environment variable " + s.environmentVariable()
                                + " is not given");
                });
    }

    @Test
    void examplePropertiesFileSetsWhatGuacamoleNeedsAndNoGuacdAffinityValue() throws IOException {
        String text = read(PropertyDocs.PROPERTIES);
        Properties active = new Properties();
        active.load(new StringReader(text));
        assertEquals("guacd-affinity, *", active.getProperty("extension-priority"), "spelled as the rest of the docs spell it");
        assertEquals("true", active.getProperty("enable-environment-properties"));
        for (String name : active.stringPropertyNames())
            assertTrue(!name.startsWith("guacd-affinity-"), name + " is set in the example: a set property, even"
                    + " empty, hides its environment variable; comment it out");
        for (char c : text.toCharArray())
            assertTrue(c < 128, "Guacamole reads guacamole.properties as ISO-8859-1: keep it ASCII, found '" + c + "'");
    }

    @Test
    void noDocumentedNameIsUnknownToTheCode() throws IOException {
        Set<String> names = AffinityConfig.ALL.stream().map(Setting::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> variables = new TreeSet<>(OTHER_VARIABLES);
        for (Setting<?> s : AffinityConfig.ALL) {
            variables.add(s.environmentVariable());
            variables.add(s.environmentVariable() + "_FILE");
        }
        // Retired properties are known too: the pages say that they no longer do anything.
        for (String retired : AffinityConfig.RETIRED.keySet()) {
            names.add(retired);
            variables.add(Setting.environmentVariable(retired));
        }
        for (Path file : List.of(PropertyDocs.MARKDOWN, PropertyDocs.PROPERTIES)) {
            String text = read(file);
            // A misspelling shown on purpose is one the configuration check's quoted output calls one.
            Set<String> shownAsMisspelled = new TreeSet<>();
            Matcher typo = java.util.regex.Pattern.compile("sets (guacd-affinity-[a-z0-9-]+), which is not a guacd-affinity property")
                    .matcher(text);
            while (typo.find())
                shownAsMisspelled.add(typo.group(1));
            Set<String> unknown = new TreeSet<>();
            Matcher m = DOCUMENTED_NAME.matcher(text);
            while (m.find()) {
                if (!names.contains(m.group()) && !shownAsMisspelled.contains(m.group()))
                    unknown.add(m.group());
            }
            Matcher v = DOCUMENTED_VARIABLE.matcher(text);
            while (v.find()) {
                if (!variables.contains(v.group()))
                    unknown.add(v.group());
            }
            if (!unknown.isEmpty())
                fail(file + " documents names the code does not define: " + unknown
                        + "\nFix the typo, or add the property to AffinityConfig.ALL first." + HOW_TO_FIX);
        }
    }

    @Test
    void generatedPartsAreUpToDate() throws IOException {
        String md = PropertyDocs.region(read(PropertyDocs.MARKDOWN), PropertyDocs.MARKDOWN_BEGIN, PropertyDocs.MARKDOWN_END);
        assertNotNull(md, PropertyDocs.MARKDOWN + " lacks the GENERATED markers" + HOW_TO_FIX);
        assertEquals(PropertyDocs.markdown(), md, PropertyDocs.MARKDOWN + " is out of date" + HOW_TO_FIX);
        String props = PropertyDocs.region(read(PropertyDocs.PROPERTIES), PropertyDocs.PROPERTIES_BEGIN,
                PropertyDocs.PROPERTIES_END);
        assertNotNull(props, PropertyDocs.PROPERTIES + " lacks the GENERATED markers" + HOW_TO_FIX);
        assertEquals(PropertyDocs.properties(), props, PropertyDocs.PROPERTIES + " is out of date" + HOW_TO_FIX);
    }

    @Test
    void configurationMarkdownOpensWithWhoItIsFor() throws IOException {
        String md = read(PropertyDocs.MARKDOWN);
        String[] lines = md.split("\n");
        assertTrue(lines[0].startsWith("# "), lines[0]);
        assertTrue(md.indexOf("**Who this is for:**") > 0 && md.indexOf("**Who this is for:**") < 200, md.substring(0, 200));
    }

    /** Checks one property against its part of a documentation file and the whole file, adding what is wrong. */
    @FunctionalInterface
    private interface DocumentedPropertyCheck {
        void check(Setting<?> setting, String file, String part, List<String> problems) throws IOException;
    }

    /**
     * Finds each property's part of {@code file} with {@code partOf} (null: none, which {@code missing} words)
     * and checks it; fails with every problem of every property at once.
     */
    private static void assertEachPropertyDocumented(Path file, BiFunction<String, String, String> partOf,
            Function<Setting<?>, String> missing, DocumentedPropertyCheck check) throws IOException {
        String text = read(file);
        List<String> problems = new ArrayList<>();
        for (Setting<?> s : AffinityConfig.ALL) {
            String part = partOf.apply(text, s.name());
            if (part == null)
                problems.add(missing.apply(s));
            else
                check.check(s, text, part, problems);
        }
        assertNoProblems(file, problems);
    }

    /** The text of "### name" up to the next heading, or null. */
    private static String markdownSection(String md, String name) {
        String heading = "\n### " + name + "\n";
        int start = md.indexOf(heading);
        if (start < 0)
            return null;
        int end = md.indexOf("\n#", start + heading.length());
        return md.substring(start, end < 0 ? md.length() : end + 1);
    }

    /** The line {@code #name: value} or {@code name: value} (any Properties separator), or null. */
    private static String propertyLine(String text, String name) {
        Pattern line = Pattern.compile("^#?\\s*" + Pattern.quote(name) + "\\s*[:=\\s].*$|^#?\\s*" + Pattern.quote(name) + "$",
                Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        return m.find() ? m.group() : null;
    }

    private static void assertNoProblems(Path file, List<String> problems) {
        if (!problems.isEmpty())
            fail(file + ":\n  " + String.join("\n  ", problems) + HOW_TO_FIX);
    }
}
