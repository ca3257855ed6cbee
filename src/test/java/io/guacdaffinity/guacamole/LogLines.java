package io.guacdaffinity.guacamole;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the extension logged while a test ran: slf4j-simple, the test binding, writes each line to
 * whatever {@code System.err} is when the line is logged. Lines still go to the console as well.
 */
final class LogLines implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private LogLines() {
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public synchronized void write(int b) {
                captured.write(b);
                original.write(b);
            }
        }, true));
    }

    static LogLines capture() {
        return new LogLines();
    }

    String text() {
        synchronized (captured) {
            return new String(captured.toByteArray(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }
}
