package io.guacdaffinity.deploy;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.ConfigurationException;
import io.guacdaffinity.conf.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The invariants the design rests on, checked on the base as written and on every overlay as
 * {@code kubectl kustomize} renders it: the SRV name the extension asks for exists and lists exactly
 * the ready guacd pods, every per-pod Service reaches one pod the StatefulSet creates, only Guacamole
 * reaches guacd, and a stopping guacd drains within its grace period.
 */
class ManifestInvariantsTest {

    private static final String NAMESPACE = "guacamole";
    private static final String STATEFUL_SET = "guacd-stateful";
    private static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    private static final int GUACD_PORT = 4822;
    /** Time guacd gets after its drain to exit before the kubelet kills it. */
    private static final int GRACE_MARGIN_SECONDS = 30;

    private static List<ManifestSet> deployments;

    static synchronized List<ManifestSet> deployments() {
        if (deployments == null) {
            List<ManifestSet> all = new ArrayList<>();
            all.add(ManifestSet.rawBase(3));
            all.add(ManifestSet.rendered(ProjectFiles.BASE, 3));
            all.add(ManifestSet.rendered(ProjectFiles.OVERLAYS.resolve("small"), 3));
            all.add(ManifestSet.rendered(ProjectFiles.OVERLAYS.resolve("medium"), 5));
            all.add(ManifestSet.rendered(ProjectFiles.OVERLAYS.resolve("large"), 10));
            all.add(MetricsComponentTest.smallWithMetrics());
            deployments = all;
        }
        return deployments;
    }

    // ---- views ----------------------------------------------------------------------------------

    private static KubeObject statefulSet(ManifestSet set) {
        return set.one("StatefulSet", STATEFUL_SET);
    }

    private static Map<String, String> guacdPodLabels(ManifestSet set) {
        return KubeObject.labels(statefulSet(set).at("spec", "template", "metadata", "labels"));
    }

    private static Map<String, Object> guacdContainer(ManifestSet set) {
        return container(statefulSet(set), "guacamole/guacd:");
    }

    private static KubeObject guacamoleDeployment(ManifestSet set) {
        List<KubeObject> found = set.ofKind("Deployment").stream()
                .filter(d -> containerOrNull(d, "guacamole/guacamole:") != null)
                .collect(Collectors.toList());
        assertEquals(1, found.size(), set + ": exactly one Deployment runs guacamole/guacamole, found " + found);
        return found.get(0);
    }

    static Map<String, String> guacamolePodLabels(ManifestSet set) {
        return KubeObject.labels(guacamoleDeployment(set).at("spec", "template", "metadata", "labels"));
    }

    static Map<String, Object> guacamoleContainer(ManifestSet set) {
        return container(guacamoleDeployment(set), "guacamole/guacamole:");
    }

    private static Map<String, Object> containerOrNull(KubeObject workload, String imagePrefix) {
        for (Map<String, Object> c : workload.maps("spec", "template", "spec", "containers")) {
            if (String.valueOf(c.get("image")).startsWith(imagePrefix))
                return c;
        }
        return null;
    }

    private static Map<String, Object> container(KubeObject workload, String imagePrefix) {
        Map<String, Object> c = containerOrNull(workload, imagePrefix);
        assertNotNull(c, workload + " has no container running " + imagePrefix);
        return c;
    }

    /** Literal environment values of a container (valueFrom entries are left out). */
    static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> e : KubeObject.asMaps(container.get("env"))) {
            if (e.containsKey("value"))
                env.put(String.valueOf(e.get("name")), String.valueOf(e.get("value")));
        }
        return env;
    }

    private static Map<String, String> equalitySelector(KubeObject owner, String... path) {
        Map<String, Object> selector = owner.map(path);
        assertNull(selector.get("matchExpressions"), owner + ": use matchLabels only, so that this test can check it");
        return KubeObject.labels(selector.get("matchLabels"));
    }

    private static int guacdContainerPort(ManifestSet set, Object targetPort) {
        for (Map<String, Object> port : KubeObject.asMaps(guacdContainer(set).get("ports"))) {
            if (String.valueOf(port.get("name")).equals(String.valueOf(targetPort))
                    || String.valueOf(port.get("containerPort")).equals(String.valueOf(targetPort)))
                return Integer.parseInt(String.valueOf(port.get("containerPort")));
        }
        throw new AssertionError(set + ": targetPort " + targetPort + " is no port of the guacd container");
    }

    /** The Services whose selector names one StatefulSet pod. */
    private static List<KubeObject> perPodServices(ManifestSet set) {
        return set.ofKind("Service").stream()
                .filter(s -> s.map("spec", "selector").containsKey(POD_NAME_LABEL))
                .collect(Collectors.toList());
    }

    private static Set<Integer> ordinals(ManifestSet set) {
        int replicas = replicas(set);
        return IntStream.range(0, replicas).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    private static int replicas(ManifestSet set) {
        return Integer.parseInt(statefulSet(set).string("spec", "replicas"));
    }

    private static String clusterDomainName(String service) {
        return service + "." + NAMESPACE + ".svc.cluster.local";
    }

    // ---- every file parses ----------------------------------------------------------------------

    @Test
    void everyManifestFileParsesAsKubernetesObjects() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(ProjectFiles.KUBERNETES)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
        }
        assertTrue(files.size() >= 4, "manifests found: " + files);
        for (Path file : files) {
            List<Map<String, Object>> documents = ManifestSet.documents(ProjectFiles.read(file));
            assertFalse(documents.isEmpty(), file + " holds no document");
            for (Map<String, Object> document : documents) {
                assertNotNull(document.get("apiVersion"), file + ": a document without apiVersion");
                assertNotNull(document.get("kind"), file + ": a document without kind");
                if (!"Kustomization".equals(document.get("kind")) && !"Component".equals(document.get("kind")))
                    assertNotNull(KubeObject.at(document, "metadata", "name"), file + ": an object without a name");
            }
        }
    }

    @Test
    void kubectlRendersTheBaseAndEveryOverlay() throws IOException {
        List<String> overlays;
        try (Stream<Path> list = Files.list(ProjectFiles.OVERLAYS)) {
            overlays = list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
                    .collect(Collectors.toList());
        }
        assertEquals(List.of("large", "medium", "small"), overlays);
        Map<String, Integer> pods = new HashMap<>();
        for (ManifestSet set : deployments())
            pods.put(set.label, replicas(set));
        assertEquals(Map.of("base (files as written)", 3, "base (rendered)", 3, "overlays/small (rendered)", 3,
                "overlays/medium (rendered)", 5, "overlays/large (rendered)", 10,
                MetricsComponentTest.smallWithMetrics().label, 3), pods);
    }

    // ---- the invariants, per deployment ---------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void everyObjectLivesInTheGuacamoleNamespace(ManifestSet set) {
        set.one("Namespace", NAMESPACE);
        for (KubeObject o : set.objects) {
            if (!"Namespace".equals(o.kind()))
                assertEquals(NAMESPACE, o.namespace(), o + " is outside namespace " + NAMESPACE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void replicaCountMatchesTheClassSize(ManifestSet set) {
        assertEquals(set.expectedGuacdPods, replicas(set), set + ": guacd pods");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void statefulSetSelectsItsOwnPodsAndNamesTheHeadlessService(ManifestSet set) {
        KubeObject sts = statefulSet(set);
        Map<String, String> selector = equalitySelector(sts, "spec", "selector");
        assertTrue(KubeObject.selects(selector, guacdPodLabels(set)),
                set + ": StatefulSet selector " + selector + " does not match its pod labels " + guacdPodLabels(set));
        assertFalse(KubeObject.selects(selector, guacamolePodLabels(set)), set + ": guacd selector also selects Guacamole");

        KubeObject headless = set.one("Service", sts.string("spec", "serviceName"));
        assertEquals("None", headless.string("spec", "clusterIP"), headless + " must be headless");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void headlessServiceListsOnlyReadyGuacdPodsUnderANamedPort(ManifestSet set) {
        KubeObject headless = set.one("Service", statefulSet(set).string("spec", "serviceName"));
        assertEquals("None", headless.string("spec", "clusterIP"));
        Object publishNotReady = headless.at("spec", "publishNotReadyAddresses");
        assertTrue(publishNotReady == null || Boolean.FALSE.equals(publishNotReady),
                headless + ": a draining or starting pod must leave the SRV answer (publishNotReadyAddresses false)");

        Map<String, String> selector = KubeObject.labels(headless.at("spec", "selector"));
        assertTrue(KubeObject.selects(selector, guacdPodLabels(set)), headless + " selects no guacd pod");
        assertFalse(KubeObject.selects(selector, guacamolePodLabels(set)), headless + " also selects Guacamole");

        Map<String, Object> port = headless.maps("spec", "ports").stream()
                .filter(p -> "guacd".equals(p.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(headless + ": no port named guacd, so no SRV record"));
        assertEquals("TCP", String.valueOf(port.getOrDefault("protocol", "TCP")));
        assertEquals(GUACD_PORT, Integer.parseInt(String.valueOf(port.get("port"))));
        assertEquals(GUACD_PORT, guacdContainerPort(set, port.getOrDefault("targetPort", port.get("port"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void everyPerPodServiceSelectsExactlyOnePodTheStatefulSetCreates(ManifestSet set) {
        Pattern podName = Pattern.compile(Pattern.quote(STATEFUL_SET) + "-(0|[1-9][0-9]*)");
        Map<Integer, String> serviceByOrdinal = new HashMap<>();
        for (KubeObject service : perPodServices(set)) {
            Map<String, String> selector = KubeObject.labels(service.at("spec", "selector"));
            String pod = selector.remove(POD_NAME_LABEL);
            Matcher m = podName.matcher(pod);
            assertTrue(m.matches(), service + " selects pod " + pod + ", which " + STATEFUL_SET + " never creates");
            int ordinal = Integer.parseInt(m.group(1));
            assertTrue(ordinal < replicas(set), service + " selects " + pod + " but only " + replicas(set) + " pods exist");
            assertTrue(selector.isEmpty() || KubeObject.selects(selector, guacdPodLabels(set)),
                    service + ": its other selector labels " + selector + " do not match the guacd pods");
            assertEquals("guacd-" + ordinal, service.name(), service + " selects " + pod);
            assertNull(serviceByOrdinal.put(ordinal, service.name()), "two Services select " + pod);

            Map<String, Object> port = service.maps("spec", "ports").stream()
                    .filter(p -> "guacd".equals(p.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(service + ": no port named guacd"));
            assertEquals(GUACD_PORT, Integer.parseInt(String.valueOf(port.get("port"))));
            assertEquals(GUACD_PORT, guacdContainerPort(set, port.getOrDefault("targetPort", port.get("port"))));
            assertEquals(Boolean.TRUE, service.at("spec", "publishNotReadyAddresses"), service + ": a draining pod"
                    + " must stay behind its Service, or joins of its live sessions are refused");
        }
        assertEquals(ordinals(set), new TreeSet<>(serviceByOrdinal.keySet()),
                set + ": one per-pod Service for each of the " + replicas(set) + " guacd pods");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void onlyGuacamolePodsReachGuacdAndOnlyOnItsPort(ManifestSet set) {
        Map<String, String> guacd = guacdPodLabels(set);
        Map<String, String> guacamole = guacamolePodLabels(set);
        List<KubeObject> policies = set.ofKind("NetworkPolicy");
        assertFalse(policies.isEmpty(), set + ": no NetworkPolicy");

        int guardingGuacd = 0;
        for (KubeObject policy : policies) {
            Map<String, String> selected = equalitySelector(policy, "spec", "podSelector");
            assertTrue(KubeObject.selects(selected, guacd) || KubeObject.selects(selected, guacamole),
                    policy + ": podSelector " + selected + " matches no pod of this deployment");
            if (!KubeObject.selects(selected, guacd))
                continue;
            List<String> types = KubeObject.asStrings(policy.at("spec", "policyTypes"));
            if (!types.isEmpty() && !types.contains("Ingress"))
                continue;
            guardingGuacd++;
            for (Map<String, Object> rule : policy.maps("spec", "ingress")) {
                List<Map<String, Object>> from = KubeObject.asMaps(rule.get("from"));
                assertFalse(from.isEmpty(), policy + ": an ingress rule without \"from\" admits everyone");
                for (Map<String, Object> peer : from) {
                    assertEquals(Set.of("podSelector"), peer.keySet(),
                            policy + ": peers outside this namespace reach guacd: " + peer);
                    Map<String, Object> podSelector = KubeObject.asMap(peer.get("podSelector"));
                    assertNull(podSelector.get("matchExpressions"), policy + ": use matchLabels");
                    Map<String, String> peerLabels = KubeObject.labels(podSelector.get("matchLabels"));
                    assertTrue(KubeObject.selects(peerLabels, guacamole),
                            policy + ": peer " + peerLabels + " does not match the Guacamole pods " + guacamole);
                    assertFalse(KubeObject.selects(peerLabels, guacd), policy + ": guacd pods may reach each other");
                }
                List<Map<String, Object>> ports = KubeObject.asMaps(rule.get("ports"));
                assertFalse(ports.isEmpty(), policy + ": a rule without ports opens every port of guacd");
                for (Map<String, Object> port : ports) {
                    assertEquals("TCP", String.valueOf(port.getOrDefault("protocol", "TCP")), policy.toString());
                    assertEquals(GUACD_PORT, guacdContainerPort(set, port.get("port")), policy.toString());
                    assertNull(port.get("endPort"), policy + ": a port range");
                }
            }
        }
        assertTrue(guardingGuacd > 0, set + ": no NetworkPolicy restricts ingress to the guacd pods");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void srvNameInGuacamoleMatchesTheHeadlessServicePortAndNamespace(ManifestSet set) {
        KubeObject headless = set.one("Service", statefulSet(set).string("spec", "serviceName"));
        String portName = headless.maps("spec", "ports").stream()
                .filter(p -> GUACD_PORT == guacdContainerPort(set, p.getOrDefault("targetPort", p.get("port"))))
                .map(p -> String.valueOf(p.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(headless + ": no port leads to guacd"));
        String expected = "_" + portName + "._tcp." + clusterDomainName(headless.name());
        assertEquals(expected, env(guacamoleContainer(set)).get(AffinityConfig.SRV.environmentVariable()),
                set + ": the SRV name Guacamole asks for");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void hostTemplateReachesEveryGuacdPodThroughItsOwnService(ManifestSet set) {
        String template = env(guacamoleContainer(set)).get(AffinityConfig.SRV_HOST_TEMPLATE.environmentVariable());
        assertNotNull(template, set + ": the base sends tunnels through the per-pod Services");
        String headlessSuffix = "." + clusterDomainName(statefulSet(set).string("spec", "serviceName"));
        for (int ordinal : ordinals(set)) {
            String pod = STATEFUL_SET + "-" + ordinal;
            String host = template.replace("{ordinal}", String.valueOf(ordinal)).replace("{name}", pod);
            if (host.equals(pod + headlessSuffix))
                continue;
            String suffix = "." + NAMESPACE + ".svc.cluster.local";
            assertTrue(host.endsWith(suffix), "member " + pod + " is reached at " + host + ", not a Service of " + NAMESPACE);
            String serviceName = host.substring(0, host.length() - suffix.length());
            KubeObject service = set.find("Service", serviceName).orElseThrow(
                    () -> new AssertionError(set + ": member " + pod + " is reached at " + host + ", but no Service "
                            + serviceName + " exists"));
            assertEquals(pod, KubeObject.labels(service.at("spec", "selector")).get(POD_NAME_LABEL),
                    service + " is where " + pod + "'s tunnels go, so it must select that pod");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void guacamoleEnvironmentIsAValidExtensionConfiguration(ManifestSet set) {
        Map<String, String> env = env(guacamoleContainer(set));
        Map<String, String> byVariable = new HashMap<>();
        for (Setting<?> setting : AffinityConfig.ALL)
            byVariable.put(setting.environmentVariable(), setting.name());
        Map<String, String> properties = new HashMap<>();
        env.forEach((variable, value) -> {
            if (variable.startsWith("GUACD_AFFINITY_")) {
                assertTrue(byVariable.containsKey(variable),
                        set + ": " + variable + " is no property of the extension; known: " + new TreeSet<>(byVariable.keySet()));
                properties.put(byVariable.get(variable), value);
            }
        });
        try {
            AffinityConfig config = AffinityConfig.from(properties::get);
            assertTrue(config.srvEnabled(), set + ": members come from DNS SRV");
        }
        catch (ConfigurationException e) {
            fail(set + ": the extension refuses this environment: " + e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void extensionDecoratesFirst(ManifestSet set) {
        String priority = env(guacamoleContainer(set)).get("EXTENSION_PRIORITY");
        assertNotNull(priority, set + ": EXTENSION_PRIORITY is not set");
        // Guacamole splits the list on commas followed by optional blanks.
        String first = priority.trim().split(",\\s*")[0];
        assertEquals(ProjectFiles.extensionNamespace(), first, set + ": extension-priority must list the extension first");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void extensionJarLandsInGuacamoleHomeExtensions(ManifestSet set) {
        KubeObject deployment = guacamoleDeployment(set);
        Map<String, Object> guacamole = guacamoleContainer(set);
        // The image's own default, when the Deployment does not set it.
        String home = env(guacamole).getOrDefault("GUACAMOLE_HOME", "/etc/guacamole");
        String extensionsDir = home + "/extensions";
        String volume = KubeObject.asMaps(guacamole.get("volumeMounts")).stream()
                .filter(m -> extensionsDir.equals(m.get("mountPath"))).map(m -> String.valueOf(m.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError(set + ": nothing is mounted at " + extensionsDir));

        String jar = "guacd-affinity-" + ProjectFiles.projectVersion() + ".jar";
        boolean copied = false;
        for (Map<String, Object> init : deployment.maps("spec", "template", "spec", "initContainers")) {
            for (Map<String, Object> mount : KubeObject.asMaps(init.get("volumeMounts"))) {
                if (!volume.equals(mount.get("name")))
                    continue;
                List<String> command = KubeObject.asStrings(init.get("command"));
                command.addAll(KubeObject.asStrings(init.get("args")));
                String destination = command.isEmpty() ? "" : command.get(command.size() - 1);
                copied |= command.stream().anyMatch(word -> word.endsWith("/" + jar))
                        && destination.startsWith(String.valueOf(mount.get("mountPath")));
            }
        }
        assertTrue(copied, set + ": no init container copies " + jar + " into the volume mounted at " + extensionsDir);
        assertTrue(deployment.maps("spec", "template", "spec", "volumes").stream()
                .anyMatch(v -> volume.equals(v.get("name")) && v.containsKey("emptyDir")), set + ": " + volume);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void stoppingGuacdDrainsWithinItsGracePeriod(ManifestSet set) {
        KubeObject sts = statefulSet(set);
        Map<String, Object> guacd = guacdContainer(set);
        Map<String, String> env = env(guacd);

        List<String> preStop = KubeObject.asStrings(KubeObject.at(guacd, "lifecycle", "preStop", "exec", "command"));
        List<String> readiness = KubeObject.asStrings(KubeObject.at(guacd, "readinessProbe", "exec", "command"));
        List<String> liveness = KubeObject.asStrings(KubeObject.at(guacd, "livenessProbe", "exec", "command"));
        String script = drainScriptPath(preStop);
        assertEquals("drain", preStop.get(preStop.size() - 1), "preStop: " + preStop);
        assertEquals(script, drainScriptPath(readiness), "readiness runs the drain script: " + readiness);
        assertEquals("ready", readiness.get(readiness.size() - 1), "readiness honours the draining mark: " + readiness);
        assertTrue(liveness.isEmpty() || "live".equals(liveness.get(liveness.size() - 1)),
                "liveness must ignore the draining mark, or the kubelet restarts a draining guacd: " + liveness);

        // The script comes from a ConfigMap holding exactly the repository's guacd-drain.sh.
        String scriptDir = script.substring(0, script.lastIndexOf('/'));
        String scriptVolume = volumeMountedAt(guacd, scriptDir);
        Map<String, Object> volume = podVolume(sts, scriptVolume);
        String configMapName = String.valueOf(KubeObject.at(volume, "configMap", "name"));
        KubeObject configMap = set.one("ConfigMap", configMapName);
        assertEquals(ProjectFiles.read(ProjectFiles.DRAIN_SCRIPT),
                configMap.string("data", script.substring(script.lastIndexOf('/') + 1)),
                configMap + " must carry etc/kubernetes/base/guacd-drain.sh");

        // The draining mark lives in a writable volume that dies with the pod.
        String marker = env.get("DRAIN_MARKER");
        assertNotNull(marker, "DRAIN_MARKER");
        Map<String, Object> markerVolume = podVolume(sts, volumeMountedAt(guacd, marker.substring(0, marker.lastIndexOf('/'))));
        assertTrue(markerVolume.containsKey("emptyDir"), "the draining mark must not survive the pod: " + markerVolume);

        assertEquals(String.valueOf(GUACD_PORT), env.get("DRAIN_PORT"));
        int cap = Integer.parseInt(env.getOrDefault("DRAIN_MAX_SECONDS", "3600"));
        int settle = Integer.parseInt(env.getOrDefault("DRAIN_SETTLE_SECONDS", "0"));
        Object graceValue = sts.at("spec", "template", "spec", "terminationGracePeriodSeconds");
        int grace = graceValue == null ? 30 : Integer.parseInt(String.valueOf(graceValue));
        assertTrue(cap > 0 && settle <= cap, "cap " + cap + " s, settle " + settle + " s");
        assertTrue(grace >= cap + GRACE_MARGIN_SECONDS, set + ": terminationGracePeriodSeconds " + grace
                + " does not cover the drain cap " + cap + " s plus " + GRACE_MARGIN_SECONDS + " s for guacd to exit");
    }

    private static String drainScriptPath(List<String> command) {
        return command.stream().filter(word -> word.endsWith("/guacd-drain.sh")).findFirst()
                .orElseThrow(() -> new AssertionError("does not run guacd-drain.sh: " + command));
    }

    private static String volumeMountedAt(Map<String, Object> container, String dir) {
        return KubeObject.asMaps(container.get("volumeMounts")).stream()
                .filter(m -> dir.equals(m.get("mountPath"))).map(m -> String.valueOf(m.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("nothing is mounted at " + dir));
    }

    private static Map<String, Object> podVolume(KubeObject workload, String name) {
        return workload.maps("spec", "template", "spec", "volumes").stream()
                .filter(v -> name.equals(v.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(workload + ": no volume " + name));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void everyPodMeetsThePodSecurityRestrictedLevel(ManifestSet set) {
        for (KubeObject workload : List.of(statefulSet(set), guacamoleDeployment(set))) {
            assertEquals("RuntimeDefault", String.valueOf(workload.at("spec", "template", "spec", "securityContext",
                    "seccompProfile", "type")), workload + ": restricted namespaces refuse pods without a seccomp profile");
            assertEquals(Boolean.TRUE, workload.at("spec", "template", "spec", "securityContext", "runAsNonRoot"),
                    workload.toString());
            List<Map<String, Object>> containers = new java.util.ArrayList<>(
                    workload.maps("spec", "template", "spec", "containers"));
            containers.addAll(workload.maps("spec", "template", "spec", "initContainers"));
            for (Map<String, Object> c : containers) {
                String which = workload + " container " + c.get("name");
                assertEquals(Boolean.FALSE, KubeObject.at(c, "securityContext", "allowPrivilegeEscalation"), which);
                assertEquals(List.of("ALL"), KubeObject.at(c, "securityContext", "capabilities", "drop"), which);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void guacdRunsTheSeedImageAndResources(ManifestSet set) {
        Map<String, Object> guacd = guacdContainer(set);
        assertEquals("guacamole/guacd:1.6.0", guacd.get("image"));
        assertEquals("100m", String.valueOf(KubeObject.at(guacd, "resources", "requests", "cpu")));
        assertEquals("256Mi", String.valueOf(KubeObject.at(guacd, "resources", "requests", "memory")));
        assertEquals("500m", String.valueOf(KubeObject.at(guacd, "resources", "limits", "cpu")));
        assertEquals("512Mi", String.valueOf(KubeObject.at(guacd, "resources", "limits", "memory")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void disruptionsAndSchedulingSpreadGuacdPods(ManifestSet set) {
        Map<String, String> guacd = guacdPodLabels(set);
        List<KubeObject> budgets = set.ofKind("PodDisruptionBudget");
        assertEquals(1, budgets.size(), set + ": PodDisruptionBudgets " + budgets);
        KubeObject budget = budgets.get(0);
        assertTrue(KubeObject.selects(equalitySelector(budget, "spec", "selector"), guacd), budget + " selects no guacd pod");
        assertEquals("1", budget.string("spec", "maxUnavailable"), budget + ": one guacd drains at a time");

        Map<String, Object> antiAffinity = statefulSet(set).map("spec", "template", "spec", "affinity", "podAntiAffinity");
        assertNull(antiAffinity.get("requiredDuringSchedulingIgnoredDuringExecution"),
                "hard anti-affinity leaves pods pending on a cluster with fewer nodes than guacd pods");
        List<Map<String, Object>> preferred = KubeObject.asMaps(antiAffinity.get("preferredDuringSchedulingIgnoredDuringExecution"));
        assertFalse(preferred.isEmpty(), set + ": no soft pod anti-affinity");
        for (Map<String, Object> term : preferred) {
            Map<String, Object> podTerm = KubeObject.asMap(term.get("podAffinityTerm"));
            assertEquals("kubernetes.io/hostname", podTerm.get("topologyKey"));
            Map<String, String> selector = KubeObject.labels(KubeObject.at(podTerm, "labelSelector", "matchLabels"));
            assertTrue(KubeObject.selects(selector, guacd), "anti-affinity selector " + selector + " matches no guacd pod");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void defaultGuacdIsAPlainLoadBalancedService(ManifestSet set) {
        KubeObject deployment = guacamoleDeployment(set);
        assertEquals(Boolean.FALSE, deployment.at("spec", "template", "spec", "enableServiceLinks"),
                "service links inject GUACD_*_PORT=tcp://... variables; one Service named guacd would break guacd-port");
        Map<String, String> env = env(guacamoleContainer(set));
        assertEquals(String.valueOf(GUACD_PORT), env.get("GUACD_PORT"));
        String host = env.get("GUACD_HOSTNAME");
        String suffix = "." + NAMESPACE + ".svc.cluster.local";
        assertTrue(host != null && host.endsWith(suffix), "GUACD_HOSTNAME " + host);
        KubeObject service = set.one("Service", host.substring(0, host.length() - suffix.length()));
        assertTrue(KubeObject.selects(KubeObject.labels(service.at("spec", "selector")), guacdPodLabels(set)),
                service + " reaches no guacd pod");
        assertFalse("None".equals(service.string("spec", "clusterIP")), service + " must balance, not be headless");
        assertEquals("None", service.string("spec", "sessionAffinity"),
                service + ": the extension replaces ClientIP affinity; an explicit None switches the seed's off on apply");
    }
}
