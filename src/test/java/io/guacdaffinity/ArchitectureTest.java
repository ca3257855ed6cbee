package io.guacdaffinity;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/architecture.md's package table is the tree: the same packages, and only the imports it allows. */
class ArchitectureTest {

    private static final Path SOURCES = Paths.get("src/main/java/io/guacdaffinity");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z]+)` \\|[^|]+\\|([^|]+)\\|$");
    private static final Pattern NAME = Pattern.compile("`([a-z]+)`");
    private static final Pattern OWN_IMPORT = Pattern.compile("^import (?:static )?io\\.guacdaffinity\\.([a-z]+)\\.",
            Pattern.MULTILINE);
    private static final Set<String> PLAIN_JAVA = Set.of("ring", "conf", "membership", "routing");
    /** The classes of guacamole/ that may reach admin/: the wiring builds the admin reports and hands them to the resource. */
    private static final Set<String> WIRING = Set.of("AffinityAuthenticationProvider.java", "Startup.java");

    /** Package name to the packages its row says it may use (the wiring exception aside: the provider and Startup build the admin reports). */
    private static Map<String, Set<String>> table() throws IOException {
        Map<String, Set<String>> table = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Paths.get("docs/architecture.md"), StandardCharsets.UTF_8)) {
            Matcher row = ROW.matcher(line.trim());
            if (!row.matches())
                continue;
            String mayUse = row.group(2).split(";")[0];
            Set<String> allowed = new TreeSet<>();
            Matcher name = NAME.matcher(mayUse);
            while (name.find())
                allowed.add(name.group(1));
            table.put(row.group(1), allowed);
        }
        return table;
    }

    private static List<Path> sources(String pkg) throws IOException {
        try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void theTableListsEveryPackageOfTheTree() throws IOException {
        Set<String> tree;
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            tree = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(tree, new TreeSet<>(table().keySet()));
    }

    @Test
    void eachPackageImportsOnlyWhatItsRowAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, Set<String>> row : table().entrySet()) {
            for (Path file : sources(row.getKey())) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                Matcher imported = OWN_IMPORT.matcher(source);
                while (imported.find()) {
                    String used = imported.group(1);
                    boolean providerReachingAdmin = row.getKey().equals("guacamole") && used.equals("admin")
                            && WIRING.contains(file.getFileName().toString());
                    if (!used.equals(row.getKey()) && !row.getValue().contains(used) && !providerReachingAdmin)
                        violations.add(row.getKey() + "/" + file.getFileName() + " imports " + used);
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void theRoutingCoreIsPlainJava() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String pkg : PLAIN_JAVA) {
            for (Path file : sources(pkg)) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                for (String web : List.of("import org.apache.guacamole.", "import javax.servlet.", "import javax.ws.rs."))
                    if (source.contains(web))
                        violations.add(pkg + "/" + file.getFileName() + ": " + web);
            }
        }
        assertTrue(violations.isEmpty(), violations.toString());
    }
}
