package io.guacdaffinity.guacamole;

import com.fasterxml.jackson.databind.JsonNode;
import io.guacdaffinity.testing.GuacdDouble;

import org.apache.guacamole.net.GuacamoleTunnel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Prometheus server scrapes the extension's endpoint while users connect through the provider
 * to guacd doubles; what its query API returns is what the router holds.
 */
class PrometheusScrapeIT {

    private static final Duration SETTLE = Duration.ofSeconds(30);

    @Test
    void prometheusSeesTheLiveTunnelsPerMemberAndEveryConnectInTheHistogram() throws Exception {
        int metricsPort = MetricsEndpointTest.freePort();
        try (RoutedGuacds guacds = RoutedGuacds.start(3, MetricsEndpointTest.onLoopback(metricsPort));
             PrometheusServer prometheus = PrometheusServer.scraping(metricsPort)) {
            List<GuacamoleTunnel> tunnels = new ArrayList<>();
            int connects = 0;
            for (int i = 0; i < 20; i++) {
                String user = "scraped-user-" + i;
                tunnels.add(guacds.connect(guacds.login(user), "desktop", user));
                connects++;
            }
            // Some users leave: the live series must follow the router down as well as up.
            for (int i = 0; i < 7; i++)
                tunnels.get(i).close();

            Map<String, Double> expected = new TreeMap<>();
            for (GuacdDouble d : guacds.doubles)
                expected.put(d.name(), (double) guacds.service.router().loads().liveTunnels(d.name()));
            assertEquals(13.0, expected.values().stream().mapToDouble(Double::doubleValue).sum());

            int total = connects;
            Map<String, Double>[] seen = new Map[1];
            double[] histogramCount = new double[1];
            boolean agreed = Poll.until(() -> {
                try {
                    seen[0] = byMember(prometheus.query("guacd_affinity_live_tunnels"));
                    histogramCount[0] = scalar(prometheus.query("sum(guacd_affinity_connect_duration_seconds_count)"));
                    return seen[0].equals(expected) && histogramCount[0] == total;
                }
                catch (IOException e) {
                    return false;
                }
            }, SETTLE);
            assertTrue(agreed, "Prometheus saw live tunnels " + seen[0] + " and " + histogramCount[0]
                    + " connects; the router holds " + expected + " and made " + total + "\n" + prometheus.log());

            assertEquals(total, scalar(prometheus.query("sum(guacd_affinity_connects_total)")));
            assertEquals(3.0, scalar(prometheus.query("guacd_affinity_ring_members")));
            double p99 = scalar(prometheus.query(
                    "histogram_quantile(0.99, sum by (le) (guacd_affinity_connect_duration_seconds_bucket))"));
            assertTrue(p99 > 0 && p99 <= 30, "connect p99 " + p99 + " s");
            JsonNode up = prometheus.query("up{job=\"guacd-affinity\"}");
            assertEquals(1.0, scalar(up), "the scrape target is up");
        }
    }

    private static Map<String, Double> byMember(JsonNode data) {
        Map<String, Double> out = new TreeMap<>();
        for (JsonNode series : data.path("result"))
            out.put(series.path("metric").path("member").asText(), series.path("value").get(1).asDouble());
        return out;
    }

    private static double scalar(JsonNode data) {
        JsonNode result = data.path("result");
        if (result.size() != 1)
            return Double.NaN;
        return result.get(0).path("value").get(1).asDouble();
    }
}
