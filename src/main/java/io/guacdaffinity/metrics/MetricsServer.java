package io.guacdaffinity.metrics;

import io.guacdaffinity.conf.AffinityConfig;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The Prometheus endpoint on a port of its own, with a registry of its own (nothing else in the web
 * application lands in it). It never stops routing: when it cannot listen, it says why and where,
 * and the extension goes on without it.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(MetricsServer.class);

    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /**
     * Serves {@code collector} on the configured address and port.
     *
     * @return the running server; empty when the port is 0 (off) or could not be listened on
     */
    public static Optional<MetricsServer> start(AffinityConfig config, MultiCollector collector) {
        int port = config.metricsPort();
        if (port == 0)
            return Optional.empty();
        String address = config.metricsAddress();
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(collector);
        try {
            HTTPServer server = HTTPServer.builder()
                    .inetAddress(InetAddress.getByName(address))
                    .port(port)
                    .registry(registry)
                    .buildAndStart();
            logger.info("guacd-affinity metrics served at http://{}/metrics", hostPort(address, server.getPort()));
            return Optional.of(new MetricsServer(server));
        }
        catch (IOException | RuntimeException e) {
            logger.error("guacd-affinity metrics are NOT served: cannot listen on {} ({} = {}, {} = {}): {};"
                    + " routing goes on without them", hostPort(address, port), AffinityConfig.METRICS_ADDRESS.name(),
                    address, AffinityConfig.METRICS_PORT.name(), port, String.valueOf(e.getMessage()));
            logger.debug("Starting the metrics endpoint failed", e);
            return Optional.empty();
        }
    }

    /** The port listened on (the configured one). */
    public int port() {
        return server.getPort();
    }

    private static String hostPort(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    @Override
    public void close() {
        server.close();
    }
}
