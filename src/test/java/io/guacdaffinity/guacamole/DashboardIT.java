package io.guacdaffinity.guacamole;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboard against the real thing: every metric its expressions use is in the exposition
 * of a running extension (SRV membership, health checks and bounded load on, so every family has
 * samples), and a real Prometheus scraping it accepts every expression.
 */
class DashboardIT {

    static final Path DASHBOARD = Path.of("etc/grafana/guacd-affinity.json");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern SELECTOR = Pattern.compile("\\{[^}]*\\}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without");

    @Test
    void everyMetricTheDashboardUsesIsExportedAndPrometheusAcceptsEveryExpression() throws Exception {
        List<String> expressions = expressions();
        assertTrue(expressions.size() >= 20, "expressions found: " + expressions);
        Set<String> used = new TreeSet<>();
        for (String e : expressions)
            used.addAll(metricNames(e));
        assertTrue(used.contains("guacd_affinity_live_tunnels"), used.toString());

        int port = MetricsEndpointTest.freePort();
        Map<String, String> extra = new HashMap<>(MetricsEndpointTest.onLoopback(port));
        extra.put("guacd-affinity-health-interval", "1");
        extra.put("guacd-affinity-load-factor", "1.25");
        try (SrvGuacds pods = SrvGuacds.start(3, 1, 1, 2, extra, 0, 1, 2);
             PrometheusServer prometheus = PrometheusServer.scraping(port)) {
            pods.connect("dashboard-user");
            Set<String> missing = new TreeSet<>();
            boolean complete = Poll.until(() -> {
                try {
                    missing.clear();
                    missing.addAll(used);
                    missing.removeAll(Exposition.scrape(port).sampleNames());
                    return missing.isEmpty();
                }
                catch (IOException e) {
                    return false;
                }
            }, Duration.ofSeconds(20));
            assertTrue(complete, "the dashboard uses metrics the extension does not export: " + missing);

            assertTrue(Poll.until(() -> {
                try {
                    return prometheus.query("guacd_affinity_ring_members").path("result").size() == 1;
                }
                catch (IOException e) {
                    return false;
                }
            }, Duration.ofSeconds(20)), "Prometheus never scraped the extension: " + prometheus.log());
            List<String> refused = new ArrayList<>();
            for (String e : expressions) {
                String promql = e.replace("$__rate_interval", "1m").replace("$job", "guacd-affinity");
                try {
                    prometheus.query(promql);
                }
                catch (IOException x) {
                    refused.add(x.getMessage());
                }
            }
            assertEquals(List.of(), refused);
        }
    }

    @Test
    void metricNamesAreFoundWithoutLabelsFunctionsOrKeywords() {
        assertEquals(Set.of("a_total", "b_bucket"), metricNames("sum by (le, member) (rate(a_total{job=~\"x|y\","
                + "reason=\"failover\"}[5m])) / on (le) group_left histogram_quantile(0.9, b_bucket) or vector(0)"));
        assertFalse(metricNames("count(up == 1)").contains("count"));
    }

    static List<String> expressions() throws IOException {
        List<String> out = new ArrayList<>();
        collect(new ObjectMapper().readTree(DASHBOARD.toFile()), out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("expr") && field.getValue().isTextual())
                    out.add(field.getValue().asText());
                else
                    collect(field.getValue(), out);
            });
        }
        else if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        }
    }

    /** Metric names in a PromQL expression: identifiers outside strings, selectors, ranges and groupings, not called. */
    static Set<String> metricNames(String promql) {
        String bare = STRING.matcher(promql).replaceAll("\"\"");
        bare = SELECTOR.matcher(bare).replaceAll(" ");
        bare = RANGE.matcher(bare).replaceAll(" ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        bare = bare.replaceAll("\\b(?:group_left|group_right)\\b", " ");
        Set<String> out = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            if (m.group(2) == null && !KEYWORDS.contains(m.group(1)))
                out.add(m.group(1));
        }
        return out;
    }
}
