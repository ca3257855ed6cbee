package io.guacdaffinity.deploy;

import org.w3c.dom.Document;
import org.yaml.snakeyaml.Yaml;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/** Files of this repository that the deployment tests read. */
final class ProjectFiles {

    static final Path ROOT = findRoot();
    static final Path KUBERNETES = ROOT.resolve("etc/kubernetes");
    static final Path BASE = KUBERNETES.resolve("base");
    static final Path OVERLAYS = KUBERNETES.resolve("overlays");
    static final Path DRAIN_SCRIPT = BASE.resolve("guacd-drain.sh");

    private ProjectFiles() {
    }

    private static Path findRoot() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("guac-manifest.json")))
                return dir;
        }
        throw new IllegalStateException("no pom.xml with guac-manifest.json above " + Paths.get("").toAbsolutePath());
    }

    static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project version from pom.xml, which names the extension JAR. */
    static String projectVersion() {
        try {
            Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
            return pom.getDocumentElement().getElementsByTagName("version").item(0).getTextContent().trim();
        }
        catch (Exception e) {
            throw new IllegalStateException("cannot read the version from pom.xml", e);
        }
    }

    /** The extension's namespace from guac-manifest.json (JSON is YAML). */
    static String extensionNamespace() {
        Map<String, Object> manifest = new Yaml().load(read(ROOT.resolve("guac-manifest.json")));
        return (String) manifest.get("namespace");
    }
}
