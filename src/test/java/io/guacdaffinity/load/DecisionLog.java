package io.guacdaffinity.load;

import io.guacdaffinity.tunnel.TunnelRouter;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the extension's own log while a run lasts. slf4j-simple (the test binding) writes every line
 * to whatever {@code System.err} is at that moment, from the thread that logs; the extension logs
 * one INFO line per routed connect from the connecting thread. So a simulated user that calls
 * {@link #expect()} before connecting gets that line back from {@link #take()}: where the connect
 * went, why, and which members failed first. Every line goes to the run's log file; only ERROR
 * lines also reach the console.
 */
final class DecisionLog implements AutoCloseable {

    private static final String ROUTER_LINE = " " + TunnelRouter.class.getName() + " - user ";
    private static final ThreadLocal<String[]> SLOT = new ThreadLocal<>();

    private final PrintStream original;
    private final BufferedWriter file;

    private DecisionLog(PrintStream original, BufferedWriter file) {
        this.original = original;
        this.file = file;
    }

    /** Replaces {@code System.err} until {@link #close()}; every line is also written to {@code logFile}. */
    static DecisionLog install(Path logFile) throws IOException {
        Files.createDirectories(logFile.getParent());
        DecisionLog log = new DecisionLog(System.err, Files.newBufferedWriter(logFile, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(log.new Lines(), true, StandardCharsets.UTF_8.name()));
        return log;
    }

    /** The calling thread is about to connect: keep its next decision line. */
    static void expect() {
        SLOT.set(new String[1]);
    }

    /** The decision line logged by this thread since {@link #expect()}, or null if none was. */
    static String take() {
        String[] slot = SLOT.get();
        SLOT.remove();
        return slot == null ? null : slot[0];
    }

    private void line(String line) {
        String[] slot = SLOT.get();
        if (slot != null && line.contains(ROUTER_LINE))
            slot[0] = line;
        try {
            file.write(line);
            file.newLine();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (line.contains(" ERROR "))
            original.println(line);
    }

    @Override
    public void close() throws IOException {
        System.err.flush();
        System.setErr(original);
        file.close();
    }

    /** Splits what PrintStream writes (one println at a time, under its lock) into lines. */
    private final class Lines extends OutputStream {

        private final ByteArrayOutputStream pending = new ByteArrayOutputStream(256);

        @Override
        public synchronized void write(int b) {
            if (b == '\n')
                flushLine();
            else
                pending.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            int from = offset;
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    pending.write(bytes, from, i - from);
                    flushLine();
                    from = i + 1;
                }
            }
            pending.write(bytes, from, offset + length - from);
        }

        private void flushLine() {
            String text = new String(pending.toByteArray(), StandardCharsets.UTF_8);
            pending.reset();
            if (text.endsWith("\r"))
                text = text.substring(0, text.length() - 1);
            line(text);
        }
    }
}
