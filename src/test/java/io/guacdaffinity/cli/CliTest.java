package io.guacdaffinity.cli;

import io.guacdaffinity.conf.LongValueMessagesTest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {

    @Test
    void helpListsEveryCommandAndEveryOption() {
        CliRun run = CliRun.run("help");
        assertEquals(0, run.code);
        assertEquals("", run.err);
        assertEquals(List.of("plan", "route", "doctor"), Cli.commands().stream().map(Command::name).collect(
                java.util.stream.Collectors.toList()));
        for (Command c : Cli.commands()) {
            assertTrue(run.out.contains("  " + c.synopsis() + "\n"), c.name());
            for (Option o : c.options())
                assertTrue(run.out.contains("  " + o.name() + " " + o.valueName() + " "), o.name());
        }
        assertTrue(run.out.contains("  help\n"));
        assertTrue(run.out.contains("exit codes: 0 done, 1 failed, 2 "));
    }

    @Test
    void helpAfterACommandPrintsTheSameUsage() {
        assertEquals(CliRun.run("help").out, CliRun.run("plan", "--help").out);
        assertEquals(0, CliRun.run("route", "-h").code);
        assertEquals(CliRun.run("help").out, CliRun.run("--help").out);
    }

    @Test
    void planIsTheDefaultCommand() {
        assertEquals(CliRun.run("plan").out, CliRun.run().out);
    }

    @Test
    void aLongValueOnTheCommandLineIsQuotedByAnExcerpt() {
        String value = LongValueMessagesTest.LONG;
        for (String[] args : List.of(
                new String[] { "plan", "--set", "guacd-affinity-virtual-nodes=" + value },
                new String[] { "plan", "--set", value },
                new String[] { "plan", "--set", value + "=1" },
                new String[] { "route", "--set", "guacd-affinity-members=" + value, "alice" },
                new String[] { "doctor", "--srv", value },
                new String[] { "plan", "--users", value },
                new String[] { "plan", "--scale", value },
                new String[] { "plan", value },
                new String[] { value })) {
            CliRun run = CliRun.run(args);
            assertEquals(2, run.code, run.err);
            LongValueMessagesTest.assertQuotesAnExcerpt(run.err);
        }
    }
}
