package io.guacdaffinity.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every object of one deployment: a rendered overlay, or the base's files as written. */
final class ManifestSet {

    final String label;
    final int expectedGuacdPods;
    final List<KubeObject> objects;

    private ManifestSet(String label, int expectedGuacdPods, List<KubeObject> objects) {
        this.label = label;
        this.expectedGuacdPods = expectedGuacdPods;
        this.objects = objects;
    }

    static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    /** Parses every document of a YAML stream; empty documents are skipped. */
    static List<Map<String, Object>> documents(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : yaml().loadAll(text)) {
            if (document == null)
                continue;
            if (!(document instanceof Map))
                throw new AssertionError("a YAML document that is not a mapping: " + document);
            documents.add(KubeObject.asMap(document));
        }
        return documents;
    }

    /** The output of {@code kubectl kustomize dir}. */
    static ManifestSet rendered(Path dir, int expectedGuacdPods) {
        String label = ProjectFiles.KUBERNETES.relativize(dir) + " (rendered)";
        List<KubeObject> objects = new ArrayList<>();
        for (Map<String, Object> document : documents(Kustomize.render(dir)))
            objects.add(new KubeObject(document, "kubectl kustomize " + ProjectFiles.KUBERNETES.relativize(dir)));
        return new ManifestSet(label, expectedGuacdPods, objects);
    }

    /**
     * The base's resource files as written, without kustomize; the ConfigMaps its configMapGenerator
     * would make are built from the same files, under the generator's name.
     */
    static ManifestSet rawBase(int expectedGuacdPods) {
        Map<String, Object> kustomization = KubeObject.asMap(
                yaml().load(ProjectFiles.read(ProjectFiles.BASE.resolve("kustomization.yaml"))));
        List<KubeObject> objects = new ArrayList<>();
        for (String resource : KubeObject.asStrings(kustomization.get("resources"))) {
            for (Map<String, Object> document : documents(ProjectFiles.read(ProjectFiles.BASE.resolve(resource))))
                objects.add(new KubeObject(document, "base/" + resource));
        }
        for (Map<String, Object> generator : KubeObject.asMaps(kustomization.get("configMapGenerator"))) {
            Map<String, Object> data = new LinkedHashMap<>();
            for (String file : KubeObject.asStrings(generator.get("files")))
                data.put(Path.of(file).getFileName().toString(), ProjectFiles.read(ProjectFiles.BASE.resolve(file)));
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("name", generator.get("name"));
            metadata.put("namespace", kustomization.get("namespace"));
            Map<String, Object> configMap = new LinkedHashMap<>();
            configMap.put("apiVersion", "v1");
            configMap.put("kind", "ConfigMap");
            configMap.put("metadata", metadata);
            configMap.put("data", data);
            objects.add(new KubeObject(configMap, "base/kustomization.yaml configMapGenerator"));
        }
        return new ManifestSet("base (files as written)", expectedGuacdPods, objects);
    }

    List<KubeObject> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.kind())).collect(Collectors.toList());
    }

    Optional<KubeObject> find(String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.kind()) && name.equals(o.name())).findFirst();
    }

    KubeObject one(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(label + ": no " + kind + " named " + name));
    }

    @Override
    public String toString() {
        return label;
    }
}
