package io.guacdaffinity.guacamole;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metrics endpoint as a scraper sees it: its text, the value of one sample, and promtool's verdict. */
final class Exposition {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

    final String text;
    final String contentType;

    private Exposition(String text, String contentType) {
        this.text = text;
        this.contentType = contentType;
    }

    /** GET /metrics on loopback, with {@code accept} as the Accept header (null: none). */
    static Exposition scrape(int port, String accept) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/metrics").openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(5000);
        if (accept != null)
            c.setRequestProperty("Accept", accept);
        try {
            if (c.getResponseCode() != 200)
                throw new IOException("GET /metrics answered " + c.getResponseCode());
            return new Exposition(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    c.getContentType());
        }
        finally {
            c.disconnect();
        }
    }

    static Exposition scrape(int port) throws IOException {
        return scrape(port, null);
    }

    /**
     * The value of the sample {@code name} whose labels include each of {@code labels} ({@code name="value"}
     * pairs); null when there is none.
     */
    Double value(String name, String... labels) {
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals(name))
                continue;
            String set = m.group(2) == null ? "" : m.group(2);
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2)
                all &= set.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            if (all)
                return Double.parseDouble(m.group(3));
        }
        return null;
    }

    /** Sum of every sample named {@code name}. */
    double sum(String name) {
        double total = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches() && m.group(1).equals(name))
                total += Double.parseDouble(m.group(3));
        }
        return total;
    }

    /** Names of every sample in the exposition. */
    Set<String> sampleNames() {
        Set<String> out = new HashSet<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches())
                out.add(m.group(1));
        }
        return out;
    }

    /** Exit code and output of {@code promtool check metrics} reading this exposition. */
    static final class Verdict {
        final int code;
        final String output;

        Verdict(int code, String output) {
            this.code = code;
            this.output = output;
        }
    }

    /**
     * @throws AssertionError saying which package to install when promtool is missing: the tests that
     *         need it must fail, not skip
     */
    Verdict promtoolCheck() throws IOException, InterruptedException {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool))
            throw new AssertionError("promtool is missing: install the Debian package prometheus"
                    + " (apt-get install prometheus; .ci/run does)");
        Process p = new ProcessBuilder(List.of(promtool.toString(), "check", "metrics")).redirectErrorStream(true)
                .start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("promtool did not finish in 30 s");
        }
        return new Verdict(p.exitValue(), output);
    }
}
