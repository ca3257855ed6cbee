package io.guacdaffinity.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * Finds the guacamole.properties of the Guacamole running next to the command, so that
 * {@code doctor} run inside a Guacamole pod without options sees what the extension sees.
 *
 * <p>The official image generates a fresh GUACAMOLE_HOME under {@code /tmp/guacamole-home.*} at
 * every start and points Tomcat at it, while a shell in the container still sees the template's
 * GUACAMOLE_HOME; so the generated one comes first. Then Guacamole's own order: GUACAMOLE_HOME,
 * {@code ~/.guacamole}, {@code /etc/guacamole}.
 */
final class GuacamoleHome {

    private final Path tmp;
    private final Path userHome;
    private final Path etc;

    GuacamoleHome(Path tmp, Path userHome, Path etc) {
        this.tmp = tmp;
        this.userHome = userHome;
        this.etc = etc;
    }

    /** Where a real system keeps them. */
    static GuacamoleHome system() {
        return new GuacamoleHome(Paths.get("/tmp"), Paths.get(System.getProperty("user.home")),
                Paths.get("/etc/guacamole"));
    }

    /** The guacamole.properties file the running Guacamole most likely reads, or null when there is none. */
    Path find(Map<String, String> environment) {
        Path generated = newestGenerated();
        if (generated != null)
            return generated;
        String home = environment.get("GUACAMOLE_HOME");
        if (home != null && !home.isEmpty() && Files.isRegularFile(Paths.get(home, "guacamole.properties")))
            return Paths.get(home, "guacamole.properties");
        for (Path dir : new Path[] { userHome.resolve(".guacamole"), etc }) {
            if (Files.isRegularFile(dir.resolve("guacamole.properties")))
                return dir.resolve("guacamole.properties");
        }
        return null;
    }

    /** Where {@link #find} looks, in words, for a message saying nothing was found. */
    String places() {
        return tmp.resolve("guacamole-home.*") + ", $GUACAMOLE_HOME, " + userHome.resolve(".guacamole") + ", " + etc;
    }

    private Path newestGenerated() {
        Path newest = null;
        FileTime newestTime = null;
        try (DirectoryStream<Path> homes = Files.newDirectoryStream(tmp, "guacamole-home.*")) {
            for (Path home : homes) {
                Path file = home.resolve("guacamole.properties");
                if (!Files.isRegularFile(file))
                    continue;
                FileTime time = Files.getLastModifiedTime(file);
                if (newestTime == null || time.compareTo(newestTime) > 0) {
                    newest = file;
                    newestTime = time;
                }
            }
        }
        catch (IOException e) {
            return null;
        }
        return newest;
    }
}
