package io.guacdaffinity.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * With {@code -Dload.metrics=on}, runs measure routing with the metrics endpoint on and scraped every
 * second (harsher than Prometheus' usual 15 to 60 s), so its cost shows in the routing overhead.
 */
final class MetricsScraper implements AutoCloseable {

    static final boolean ON = "on".equals(System.getProperty("load.metrics", "off"));

    private final Thread thread;
    final AtomicLong scrapes = new AtomicLong();
    final AtomicLong failures = new AtomicLong();

    private MetricsScraper(int port) {
        thread = new Thread(() -> scrapeUntilInterrupted(port), "metrics-scraper");
        thread.setDaemon(true);
        thread.start();
    }

    /** Turns the endpoint on in {@code properties} on a free loopback port when metrics are on. */
    static void configure(Map<String, String> properties) {
        if (!ON)
            return;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            properties.put("guacd-affinity-metrics-port", String.valueOf(probe.getLocalPort()));
        }
        catch (IOException e) {
            throw new IllegalStateException("no free loopback port for the metrics endpoint", e);
        }
        properties.put("guacd-affinity-metrics-address", "127.0.0.1");
    }

    /** Scrapes {@code port} every second until closed; null when metrics are off. */
    static MetricsScraper everySecond(int port) {
        if (!ON)
            return null;
        if (port == 0)
            throw new IllegalStateException("load.metrics=on but the extension serves no metrics");
        return new MetricsScraper(port);
    }

    private void scrapeUntilInterrupted(int port) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/metrics").openConnection();
                try (InputStream in = c.getInputStream()) {
                    in.readAllBytes();
                    scrapes.incrementAndGet();
                }
                finally {
                    c.disconnect();
                }
            }
            catch (IOException e) {
                failures.incrementAndGet();
            }
            try {
                Thread.sleep(1000);
            }
            catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(5000);
        if (scrapes.get() == 0 || failures.get() > 0)
            throw new IllegalStateException("metrics scrapes: " + scrapes + " answered, " + failures + " failed");
    }
}
