package io.guacdaffinity.cli;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Entry point of {@code java -jar guacd-affinity.jar}. The JAR must not carry slf4j (Guacamole
 * provides it), yet the DNS library logs through it; so when slf4j is missing this class finds
 * one next to Guacamole or in the local Maven repository and starts the command line in a class
 * loader that has it. Without one, plan and route still run; only a command that logs says what
 * is missing. This class itself touches no slf4j type.
 */
public final class Launcher {

    private static final String CLI = "io.guacdaffinity.cli.Cli";

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        ClassLoader loader = Launcher.class.getClassLoader();
        if (!present("org.slf4j.LoggerFactory", loader)) {
            // plan and route never log; a command that does reports a missing slf4j when it needs it.
            Path slf4j = findSlf4j();
            if (slf4j != null) {
                URL self = Launcher.class.getProtectionDomain().getCodeSource().getLocation();
                loader = new URLClassLoader(new URL[] { self, slf4j.toUri().toURL() },
                        ClassLoader.getPlatformClassLoader());
            }
        }
        Method main = Class.forName(CLI, true, loader).getMethod("main", String[].class);
        main.invoke(null, (Object) args);
    }

    private static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        }
        catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Path findSlf4j() {
        List<Path> candidates = new ArrayList<>();
        String explicit = System.getenv("GUACD_AFFINITY_SLF4J");
        if (explicit != null && !explicit.isEmpty())
            candidates.add(Paths.get(explicit));
        // The official image deploys the web application as ROOT or under its WEBAPP_CONTEXT name.
        for (String tomcat : new String[] { System.getenv("CATALINA_HOME"), "/usr/local/tomcat", "/var/lib/tomcat9" }) {
            if (tomcat == null)
                continue;
            for (String context : new String[] { "guacamole", "ROOT" })
                candidates.addAll(jarsIn(Paths.get(tomcat, "webapps", context, "WEB-INF", "lib"), "slf4j-api-"));
        }
        Path m2 = Paths.get(System.getProperty("user.home"), ".m2", "repository", "org", "slf4j", "slf4j-api");
        if (Files.isDirectory(m2)) {
            // slf4j 2.x without a provider stays quiet at verbosity ERROR; 1.7.x warns on every start.
            List<Path> versions = new ArrayList<>();
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(m2, "2.*")) {
                dirs.forEach(versions::add);
            }
            catch (java.io.IOException e) {
                // no local repository to use
            }
            versions.sort(Comparator.comparing(Launcher::versionKey).reversed());
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(m2, "1.*")) {
                dirs.forEach(versions::add);
            }
            catch (java.io.IOException e) {
                // no local repository to use
            }
            for (Path v : versions)
                candidates.addAll(jarsIn(v, "slf4j-api-"));
        }
        for (Path p : candidates) {
            if (Files.isRegularFile(p))
                return p;
        }
        return null;
    }

    /** "2.0.17" as a sortable string: each number zero-padded. */
    private static String versionKey(Path versionDir) {
        StringBuilder key = new StringBuilder();
        for (String part : versionDir.getFileName().toString().split("[.-]")) {
            key.append(part.matches("[0-9]{1,9}") ? String.format("%09d", Integer.parseInt(part)) : part).append('.');
        }
        return key.toString();
    }

    private static List<Path> jarsIn(Path dir, String prefix) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir))
            return out;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*.jar")) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (!n.contains("sources") && !n.contains("javadoc"))
                    out.add(f);
            }
        }
        catch (java.io.IOException e) {
            // unreadable directory: skip it
        }
        out.sort(null);
        return out;
    }
}
