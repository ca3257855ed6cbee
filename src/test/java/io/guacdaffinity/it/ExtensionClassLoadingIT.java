package io.guacdaffinity.it;

import io.guacdaffinity.testing.GuacdDouble;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads the built JAR as Guacamole does: child-first over a parent holding only guacamole-ext and its
 * dependencies (never the project's own classes), reads guac-manifest.json from it, instantiates the
 * provider it names with its no-arg constructor (configuration from GUACAMOLE_HOME), and decorates a
 * context that then opens a tunnel to a guacd double.
 */
class ExtensionClassLoadingIT {

    /** Jars the web application provides to extensions. */
    private static final Pattern WEB_APPLICATION_JARS = Pattern.compile(
            ".*/(guacamole-ext|guacamole-common|slf4j-api|slf4j-simple|jackson-[a-z]+|guice|javax\\.inject"
                    + "|aopalliance|guava|failureaccess|servlet-api|javax\\.ws\\.rs-api)-[^/]*\\.jar");

    /** Child-first, as Guacamole's extension class loader: the extension's own classes win. */
    static final class ChildFirstLoader extends URLClassLoader {

        ChildFirstLoader(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    }
                    catch (ClassNotFoundException e) {
                        c = getParent().loadClass(name);
                    }
                }
                if (resolve)
                    resolveClass(c);
                return c;
            }
        }

        @Override
        public URL getResource(String name) {
            URL own = findResource(name);
            return own != null ? own : super.getResource(name);
        }
    }

    static URLClassLoader webApplicationLoader() throws IOException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (WEB_APPLICATION_JARS.matcher(entry.replace('\\', '/')).matches())
                urls.add(new File(entry).toURI().toURL());
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    @Test
    void builtJarLoadsInIsolationAndDecoratesAContext() throws Exception {
        String jarPath = System.getProperty("extension.jar");
        assertNotNull(jarPath, "failsafe sets extension.jar");
        File jar = new File(jarPath);
        assertTrue(jar.isFile(), jar + " was not built");

        GuacdDouble guacd = GuacdDouble.start("guacd-it-0");
        try (TemporaryGuacamoleHome home = new TemporaryGuacamoleHome("guacd-affinity-members: guacd-it-0="
                    + guacd.host() + ":" + guacd.port() + "\nguacd-affinity-connect-timeout: 5000\n");
             URLClassLoader web = webApplicationLoader();
             ChildFirstLoader extension = new ChildFirstLoader(new URL[] {jar.toURI().toURL()}, web)) {
            assertTrue(((URLClassLoader) web).findResource("io/guacdaffinity/guacamole/AffinityService.class") == null,
                    "the parent must not see the project's classes");
            URL manifest = extension.getResource("guac-manifest.json");
            assertNotNull(manifest, "guac-manifest.json is not at the JAR's root");
            assertTrue(manifest.toString().startsWith("jar:"), manifest.toString());
            String json;
            try (InputStream in = manifest.openStream()) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher namespace = Pattern.compile("\"namespace\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
            assertTrue(namespace.find());
            assertEquals("guacd-affinity", namespace.group(1));
            Matcher providers = Pattern.compile("\"authProviders\"\\s*:\\s*\\[\\s*\"([^\"]+)\"").matcher(json);
            assertTrue(providers.find(), json);

            Class<?> providerClass = extension.loadClass(providers.group(1));
            assertSame(extension, providerClass.getClassLoader(), "the provider must come from the JAR");
            Class<?> api = web.loadClass("org.apache.guacamole.net.auth.AuthenticationProvider");
            assertTrue(api.isAssignableFrom(providerClass), "the provider must implement the web application's API");
            assertSame(web, extension.loadClass("org.apache.guacamole.net.auth.UserContext").getClassLoader(),
                    "the JAR must not carry its own copy of guacamole-ext");
            home.addPropertiesTo(web);

            Object provider = providerClass.getConstructor().newInstance();
            assertEquals("guacd-affinity", api.getMethod("getIdentifier").invoke(provider));

            try (URLClassLoader scenarioLoader = new URLClassLoader(new URL[] {
                    DecorateScenario.class.getProtectionDomain().getCodeSource().getLocation()}, web)) {
                Class<?> scenario = scenarioLoader.loadClass(DecorateScenario.class.getName());
                assertSame(scenarioLoader, scenario.getClassLoader());
                String[] result = ((String) scenario.getMethod("run", Object.class).invoke(null, provider)).split(" ");
                assertEquals("io.guacdaffinity.guacamole.AffinityUserContext", result[0]);
                assertTrue(guacd.issued(result[1]), "the isolated extension did not open its tunnel on the member");
            }
        }
        finally {
            guacd.close();
        }
    }
}
