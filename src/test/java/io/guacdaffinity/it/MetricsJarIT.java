package io.guacdaffinity.it;

import io.guacdaffinity.testing.GuacdDouble;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Prometheus client inside the built JAR: relocated, without the parts left out (protobuf format,
 * OpenTelemetry tracer), and working where the web application has no Prometheus classes at all.
 */
class MetricsJarIT {

    private static final String RELOCATED = "io/guacdaffinity/internal/lib/prometheus/";

    @Test
    void theJarCarriesThePrometheusClientRelocatedAndNothingItLeftOut() throws IOException {
        List<String> leaked = new ArrayList<>();
        List<String> relocated = new ArrayList<>();
        try (JarFile jar = new JarFile(jar())) {
            for (JarEntry e : Collections.list(jar.entries())) {
                String n = e.getName();
                if (n.startsWith("io/prometheus/") || n.startsWith("META-INF/services/") || n.contains("/tracer/")
                        || n.contains("opentelemetry") || n.contains("/expositionformats/internal/")
                        || n.startsWith("com/google/protobuf/"))
                    leaked.add(n);
                if (n.startsWith(RELOCATED))
                    relocated.add(n);
            }
        }
        assertEquals(List.of(), leaked);
        assertTrue(relocated.contains(RELOCATED + "metrics/exporter/httpserver/HTTPServer.class"), relocated.toString());
        assertTrue(relocated.contains(RELOCATED + "metrics/expositionformats/OpenMetricsTextFormatWriter.class"),
                relocated.toString());
    }

    @Test
    void theIsolatedExtensionServesMetricsAndStopsServingOnShutdown() throws Exception {
        GuacdDouble guacd = GuacdDouble.start("guacd-it-0");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        try (TemporaryGuacamoleHome home = new TemporaryGuacamoleHome("guacd-affinity-members: guacd-it-0="
                    + guacd.host() + ":" + guacd.port() + "\nguacd-affinity-metrics-port: " + port
                    + "\nguacd-affinity-metrics-address: 127.0.0.1\n");
             URLClassLoader web = ExtensionClassLoadingIT.webApplicationLoader();
             ExtensionClassLoadingIT.ChildFirstLoader extension = new ExtensionClassLoadingIT.ChildFirstLoader(
                     new URL[] {jar().toURI().toURL()}, web)) {
            assertThrows(ClassNotFoundException.class, () -> web.loadClass("io.prometheus.metrics.model.registry.PrometheusRegistry"),
                    "the web application's class path must not hold the Prometheus client");
            home.addPropertiesTo(web);

            Object provider = extension.loadClass("io.guacdaffinity.guacamole.AffinityAuthenticationProvider")
                    .getConstructor().newInstance();
            try {
                String text = get("http://127.0.0.1:" + port + "/metrics");
                assertTrue(text.contains("\nguacd_affinity_ring_members 1.0\n"), text);
            }
            finally {
                provider.getClass().getMethod("shutdown").invoke(provider);
            }
            assertTrue(refuses(port), "the metrics port still answers after the provider's shutdown");
        }
        finally {
            guacd.close();
        }
    }

    private static File jar() {
        String path = System.getProperty("extension.jar");
        assertTrue(path != null && new File(path).isFile(), "failsafe sets extension.jar to the built JAR: " + path);
        return new File(path);
    }

    private static String get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(5000);
        try {
            assertEquals(200, c.getResponseCode());
            return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        finally {
            c.disconnect();
        }
    }

    private static boolean refuses(int port) {
        try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            return false;
        }
        catch (ConnectException e) {
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }
}
