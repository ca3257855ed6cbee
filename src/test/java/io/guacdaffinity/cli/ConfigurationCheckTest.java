package io.guacdaffinity.cli;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.ConfigurationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A file with bad values and misspelled names gets every problem reported in one run, by every
 * command, with the extension's own messages for the values.
 */
class ConfigurationCheckTest {

    @TempDir
    Path dir;

    private static final List<String> FILE = List.of(
            "guacd-affinity-members: a=127.0.0.1:4822",
            "guacd-affinity-load-factor: 0.9",
            "guacd-affinity-virtual-node: 500",
            "guacd-affinity-dns-timeout: 5",
            "guacd-affinity-colour: blue");

    /** What the extension says about the same values at start-up. */
    private static List<String> extensionProblems() {
        Map<String, String> values = Map.of("guacd-affinity-members", "a=127.0.0.1:4822",
                "guacd-affinity-load-factor", "0.9", "guacd-affinity-dns-timeout", "5");
        return assertThrows(ConfigurationException.class, () -> AffinityConfig.from(values::get)).problems();
    }

    @Test
    void badValuesAndUnknownNamesAreReportedTogetherByEachCommand() throws IOException {
        Path file = Files.write(dir.resolve("guacamole.properties"), FILE);
        List<String> expected = new ArrayList<>();
        for (String problem : extensionProblems())
            expected.add(problem + " [set in " + file + "]");
        expected.add(file + " sets guacd-affinity-colour, which is not a guacd-affinity property; Guacamole ignores it");
        expected.add(file + " sets guacd-affinity-virtual-node, which is not a guacd-affinity property (did you mean"
                + " guacd-affinity-virtual-nodes?); Guacamole ignores it");
        assertEquals(2, extensionProblems().size(), "both bad values are the extension's own problems");

        for (List<String> args : List.of(List.of("plan"), List.of("route", "alice"), List.of("doctor"))) {
            List<String> command = new ArrayList<>(args);
            command.addAll(List.of("--properties", file.toString()));
            CliRun run = CliRun.run(command.toArray(new String[0]));
            assertEquals(Cli.USAGE, run.code, run.toString());
            String prefix = "guacd-affinity " + args.get(0) + ": ";
            List<String> reported = run.err.lines().map(l -> l.startsWith(prefix) ? l.substring(prefix.length()) : l)
                    .collect(Collectors.toList());
            assertEquals(expected, reported, String.join(" ", command));
            assertEquals("", run.out);
        }
    }

    @Test
    void aNameIsSuggestedOnlyForATypo() {
        assertEquals(" (did you mean guacd-affinity-health-interval?)",
                CommandConfiguration.didYouMean("guacd-affinity-helth-interval"));
        assertEquals(" (did you mean guacd-affinity-load-factor?)", CommandConfiguration.didYouMean("guacd-affinity-loadfactor"));
        assertEquals("", CommandConfiguration.didYouMean("guacd-affinity-colour"));
        assertEquals("", CommandConfiguration.didYouMean("guacd-affinity-pin"));
        assertEquals(0, CommandConfiguration.editDistance("ssl", "ssl"));
        assertEquals(2, CommandConfiguration.editDistance("ssl-trustore", "ssl-truststore"));
    }
}
