package io.guacdaffinity.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A GUACAMOLE_HOME of one test, holding its guacamole.properties, which is {@code guacamole.home}
 * for as long as it is open; closing it puts the previous value back and deletes the folder.
 */
final class TemporaryGuacamoleHome implements AutoCloseable {

    private final Path dir;
    private final String previous;

    TemporaryGuacamoleHome(String properties) throws IOException {
        dir = Files.createTempDirectory("guacamole-home");
        Files.write(properties(), properties.getBytes(StandardCharsets.UTF_8));
        previous = System.getProperty("guacamole.home");
        System.setProperty("guacamole.home", dir.toString());
    }

    private Path properties() {
        return dir.resolve("guacamole.properties");
    }

    /**
     * Hands guacamole.properties to the environment of the web application behind {@code web}, as
     * Guacamole's servlet context listener does before it loads extensions.
     */
    void addPropertiesTo(ClassLoader web) throws ReflectiveOperationException {
        Class<?> localEnvironment = web.loadClass("org.apache.guacamole.environment.LocalEnvironment");
        Class<?> propertiesApi = web.loadClass("org.apache.guacamole.properties.GuacamoleProperties");
        Object environment = localEnvironment.getMethod("getInstance").invoke(null);
        Object fileProperties = web.loadClass("org.apache.guacamole.properties.FileGuacamoleProperties")
                .getConstructor(File.class).newInstance(properties().toFile());
        localEnvironment.getMethod("addGuacamoleProperties", propertiesApi).invoke(environment, fileProperties);
    }

    @Override
    public void close() throws IOException {
        if (previous == null)
            System.clearProperty("guacamole.home");
        else
            System.setProperty("guacamole.home", previous);
        Files.deleteIfExists(properties());
        Files.deleteIfExists(dir);
    }
}
