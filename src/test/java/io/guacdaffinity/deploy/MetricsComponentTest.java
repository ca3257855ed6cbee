package io.guacdaffinity.deploy;

import io.guacdaffinity.conf.AffinityConfig;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics component (etc/kubernetes/components/metrics) added to the small overlay, as an admin
 * would add it: it turns the port on, has it scraped, lets only the monitoring namespace reach it,
 * and changes nothing else. The overlays without it stay without metrics.
 */
class MetricsComponentTest {

    static final Path COMPONENT = ProjectFiles.KUBERNETES.resolve("components/metrics");

    private static ManifestSet withMetrics;

    /** overlays/small with the component, rendered from a kustomization under target/. */
    static synchronized ManifestSet smallWithMetrics() {
        if (withMetrics == null) {
            Path dir = ProjectFiles.ROOT.resolve("target/kustomize/small-with-metrics");
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                        + "kind: Kustomization\nresources:\n  - " + dir.relativize(ProjectFiles.OVERLAYS.resolve("small"))
                        + "\ncomponents:\n  - " + dir.relativize(COMPONENT) + "\n", StandardCharsets.UTF_8);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            withMetrics = ManifestSet.rendered(dir, 3);
        }
        return withMetrics;
    }

    @Test
    void theComponentServesTheNamedPortAndHasEveryGuacamolePodScraped() {
        ManifestSet set = smallWithMetrics();
        Map<String, Object> container = ManifestInvariantsTest.guacamoleContainer(set);
        String port = ManifestInvariantsTest.env(container).get(AffinityConfig.METRICS_PORT.environmentVariable());
        assertNotNull(port, "the component does not set " + AffinityConfig.METRICS_PORT.environmentVariable());
        assertEquals(Integer.valueOf(port), containerPort(container, "metrics"), "container port \"metrics\"");
        assertEquals(Integer.valueOf(8080), containerPort(container, "http"), "the web port is kept");

        List<KubeObject> monitors = set.ofKind("PodMonitor");
        assertEquals(1, monitors.size(), set.toString());
        KubeObject monitor = monitors.get(0);
        assertEquals("monitoring.coreos.com/v1", monitor.string("apiVersion"));
        assertEquals("guacamole", monitor.namespace());
        Map<String, String> selector = KubeObject.labels(monitor.at("spec", "selector", "matchLabels"));
        assertTrue(KubeObject.selects(selector, ManifestInvariantsTest.guacamolePodLabels(set)),
                monitor + " selects " + selector + ", not the Guacamole pods");
        List<Map<String, Object>> endpoints = monitor.maps("spec", "podMetricsEndpoints");
        assertEquals(1, endpoints.size());
        assertEquals("metrics", endpoints.get(0).get("port"));
        assertEquals("/metrics", endpoints.get(0).get("path"));
    }

    @Test
    void onlyTheMonitoringNamespaceReachesTheMetricsPortAndEveryoneStillReachesTheWebPort() {
        ManifestSet set = smallWithMetrics();
        Map<String, String> guacamole = ManifestInvariantsTest.guacamolePodLabels(set);
        List<KubeObject> guarding = new ArrayList<>();
        for (KubeObject policy : set.ofKind("NetworkPolicy")) {
            if (KubeObject.selects(KubeObject.labels(policy.at("spec", "podSelector", "matchLabels")), guacamole))
                guarding.add(policy);
        }
        assertEquals(1, guarding.size(), "policies selecting the Guacamole pods: " + guarding);
        KubeObject policy = guarding.get(0);
        assertEquals(List.of("Ingress"), KubeObject.asStrings(policy.at("spec", "policyTypes")));
        boolean webOpen = false;
        boolean metricsOpen = false;
        for (Map<String, Object> rule : policy.maps("spec", "ingress")) {
            Set<Object> ports = new TreeSet<>();
            for (Map<String, Object> p : KubeObject.asMaps(rule.get("ports")))
                ports.add(String.valueOf(p.get("port")));
            assertFalse(ports.isEmpty(), policy + ": a rule without ports opens every port");
            List<Map<String, Object>> from = KubeObject.asMaps(rule.get("from"));
            if (ports.contains("metrics")) {
                assertEquals(Set.of("metrics"), ports, policy + ": the monitoring rule opens more than metrics");
                assertEquals(1, from.size(), policy.toString());
                assertEquals(Set.of("namespaceSelector"), from.get(0).keySet(), policy.toString());
                assertEquals(Map.of("kubernetes.io/metadata.name", "monitoring"),
                        KubeObject.labels(KubeObject.at(from.get(0), "namespaceSelector", "matchLabels")));
                metricsOpen = true;
            }
            else {
                assertEquals(Set.of("http"), ports, policy + ": only the web port is open to everyone");
                webOpen = from.isEmpty();
            }
        }
        assertTrue(metricsOpen, policy + " does not open the metrics port to the monitoring namespace");
        assertTrue(webOpen, policy + " closes Guacamole's web port");
    }

    @Test
    void withoutTheComponentNothingChangesAndNoOverlayServesMetrics() {
        ManifestSet plain = ManifestSet.rendered(ProjectFiles.OVERLAYS.resolve("small"), 3);
        ManifestSet set = smallWithMetrics();
        List<String> added = new ArrayList<>();
        for (KubeObject o : set.objects) {
            if (o.kind().equals("Deployment") && o.name().equals("guacamole"))
                continue;
            if (plain.find(o.kind(), o.name()).isEmpty())
                added.add(o.kind() + "/" + o.name());
            else
                assertEquals(plain.one(o.kind(), o.name()).at(), o.at(), o + " differs with the component");
        }
        assertEquals(List.of("PodMonitor/guacamole-guacd-affinity", "NetworkPolicy/guacamole-metrics-from-monitoring-only"),
                added);
        assertEquals(plain.objects.size() + 2, set.objects.size());
        for (String overlay : List.of("small", "medium", "large")) {
            ManifestSet o = ManifestSet.rendered(ProjectFiles.OVERLAYS.resolve(overlay), 0);
            Map<String, Object> container = ManifestInvariantsTest.guacamoleContainer(o);
            assertFalse(ManifestInvariantsTest.env(container).containsKey(AffinityConfig.METRICS_PORT.environmentVariable()),
                    overlay);
            assertEquals(null, containerPort(container, "metrics"), overlay);
            assertTrue(o.ofKind("PodMonitor").isEmpty(), overlay);
        }
    }

    private static Integer containerPort(Map<String, Object> container, String name) {
        for (Map<String, Object> p : KubeObject.asMaps(container.get("ports"))) {
            if (name.equals(p.get("name")))
                return ((Number) p.get("containerPort")).intValue();
        }
        return null;
    }
}
