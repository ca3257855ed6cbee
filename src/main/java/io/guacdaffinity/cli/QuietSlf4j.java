package io.guacdaffinity.cli;

import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Starts slf4j without its bootstrap chatter. From a shell there is usually no slf4j binding, and
 * slf4j 1.7 then prints three "SLF4J: ..." lines that would bury a command's one-line answer;
 * slf4j 2's verbosity property cannot silence 1.7. Anything else printed meanwhile is passed on.
 */
final class QuietSlf4j {

    private QuietSlf4j() {
    }

    static synchronized void start() {
        PrintStream err = System.err;
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(held, true, StandardCharsets.UTF_8));
            LoggerFactory.getILoggerFactory();
        }
        catch (LinkageError e) {
            // No usable slf4j: the DNS library's logging is lost, nothing else.
        }
        finally {
            System.setErr(err);
        }
        for (String line : held.toString(StandardCharsets.UTF_8).split("\\R")) {
            if (!line.isEmpty() && !line.startsWith("SLF4J"))
                err.println(line);
        }
    }
}
