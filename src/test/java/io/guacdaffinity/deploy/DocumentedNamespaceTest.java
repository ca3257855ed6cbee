package io.guacdaffinity.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/install.md shows how to deploy into another namespace: that kustomization, copied from the
 * page as an admin would, must render and leave nothing pointing at the namespace it left.
 */
class DocumentedNamespaceTest {

    @TempDir
    Path dir;

    @Test
    void theInstallGuidesOtherNamespaceExampleRoutesWithinThatNamespace() throws IOException {
        String page = ProjectFiles.read(ProjectFiles.ROOT.resolve("docs/install.md"));
        Matcher block = Pattern.compile("```yaml\\n# my-classroom/kustomization.yaml\\n(apiVersion:.*?)```",
                Pattern.DOTALL).matcher(page);
        assertTrue(block.find(), "docs/install.md no longer shows the other-namespace kustomization");
        Path project = dir.resolve("guacd-affinity");
        Files.createSymbolicLink(project, ProjectFiles.ROOT);
        Path mine = Files.createDirectories(dir.resolve("my-classroom"));
        Files.writeString(mine.resolve("kustomization.yaml"), block.group(1));

        List<Map<String, Object>> objects = ManifestSet.documents(Kustomize.render(mine));
        String namespace = String.valueOf(KubeObject.at(ManifestSet.documents(block.group(1)).get(0), "namespace"));
        assertTrue(!namespace.equals("guacamole") && !namespace.equals("null"), "the example moves to " + namespace);
        Map<String, String> env = new HashMap<>();
        String headless = null;
        for (Map<String, Object> o : objects) {
            KubeObject k = new KubeObject(o, "my-classroom");
            if (!k.kind().equals("Namespace"))
                assertEquals(namespace, k.namespace(), k + " stayed behind");
            if (k.kind().equals("StatefulSet"))
                headless = k.string("spec", "serviceName");
            if (k.kind().equals("Deployment") && k.name().equals("guacamole")) {
                for (Map<String, Object> c : k.maps("spec", "template", "spec", "containers")) {
                    if ("guacamole".equals(c.get("name"))) {
                        for (Map<String, Object> e : KubeObject.asMaps(c.get("env")))
                            env.put(String.valueOf(e.get("name")), String.valueOf(e.get("value")));
                    }
                }
            }
        }
        String domain = "." + namespace + ".svc.cluster.local";
        assertEquals("_guacd._tcp." + headless + domain, env.get("GUACD_AFFINITY_SRV"));
        assertEquals("guacd-{ordinal}" + domain, env.get("GUACD_AFFINITY_SRV_HOST_TEMPLATE"));
        assertEquals("guacd-service" + domain, env.get("GUACD_HOSTNAME"));
        for (String value : env.values())
            assertTrue(!value.contains(".guacamole.svc"), "still points at namespace guacamole: " + value);
    }
}
