package io.guacdaffinity.guacamole;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus server (Debian's package) on a loopback port, scraping one target every second,
 * with its storage in a temporary directory; queried through its own HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Process process;
    final int port;

    private PrometheusServer(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /**
     * Starts Prometheus scraping {@code 127.0.0.1:targetPort/metrics} and waits until it is ready.
     *
     * @throws AssertionError saying which package to install when Prometheus is missing: the tests
     *         that need it must fail, not skip
     */
    static PrometheusServer scraping(int targetPort) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY))
            throw new AssertionError("prometheus is missing: install the Debian package prometheus"
                    + " (apt-get install prometheus; .ci/run does)");
        Path dir = Files.createTempDirectory("prometheus-it-");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "scrape_configs:\n  - job_name: guacd-affinity\n    static_configs:\n"
                + "      - targets: ['127.0.0.1:" + targetPort + "']\n", StandardCharsets.UTF_8);
        int port = MetricsEndpointTest.freePort();
        Process process = new ProcessBuilder(List.of(BINARY.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(dir, process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive())
                throw new AssertionError("prometheus exited: " + server.log());
            if (server.ready())
                return server;
            Thread.sleep(200);
        }
        server.close();
        throw new AssertionError("prometheus was not ready within 30 s: " + server.log());
    }

    private boolean ready() {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/-/ready").openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(1000);
            try {
                return c.getResponseCode() == 200;
            }
            finally {
                c.disconnect();
            }
        }
        catch (IOException e) {
            return false;
        }
    }

    /** The {@code data} of an instant query through /api/v1/query; fails on any error Prometheus reports. */
    JsonNode query(String promql) throws IOException {
        URL url = new URL("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        try {
            int code = c.getResponseCode();
            JsonNode body = JSON.readTree(code == 200 ? c.getInputStream() : c.getErrorStream());
            if (code != 200 || !"success".equals(body.path("status").asText()))
                throw new IOException("query " + promql + " failed (HTTP " + code + "): " + body);
            return body.path("data");
        }
        finally {
            c.disconnect();
        }
    }

    String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        }
        catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
