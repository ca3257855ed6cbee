package io.guacdaffinity.cli;

import io.guacdaffinity.conf.Excerpt;
import io.guacdaffinity.conf.PropertyLookup;
import io.guacdaffinity.conf.Setting;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Property values for the command line, found where Guacamole 1.6.0 would find them, plus the
 * command line's own overrides. From first to last choice:
 * <ol>
 * <li>{@code --set name=value} (and {@code --members}) on the command line;</li>
 * <li>guacamole.properties, read as {@link Properties} the way Guacamole reads it (ISO-8859-1,
 *     values trimmed). A name present in the file wins even when its value is empty;</li>
 * <li>only when the file sets {@code enable-environment-properties: true}: the environment
 *     variable named by {@link Setting#environmentVariable(String)} ({@code GUACD_AFFINITY_SRV});
 *     Guacamole adds this source after the file, so the file wins over the environment;</li>
 * <li>only when the file sets {@code enable-file-environment-properties: true}: the contents of
 *     the file named by {@code GUACD_AFFINITY_SRV_FILE}.</li>
 * </ol>
 * Guacamole decides both switches from guacamole.properties alone, before any environment source
 * exists, and so does this class.
 */
public final class PropertiesFileLookup implements PropertyLookup {

    static final String ENABLE_ENVIRONMENT = "enable-environment-properties";
    static final String ENABLE_FILE_ENVIRONMENT = "enable-file-environment-properties";

    private final Path file;
    private final Map<String, String> fileValues;
    private final Map<String, String> environment;
    private final Map<String, String> overrides;
    private final boolean environmentEnabled;
    private final boolean fileEnvironmentEnabled;
    private final List<String> warnings = new ArrayList<>();

    private PropertiesFileLookup(Path file, Map<String, String> fileValues, Map<String, String> environment,
            Map<String, String> overrides) {
        this.file = file;
        this.fileValues = fileValues;
        this.environment = environment;
        this.overrides = new LinkedHashMap<>(overrides);
        this.environmentEnabled = switchValue(ENABLE_ENVIRONMENT);
        this.fileEnvironmentEnabled = switchValue(ENABLE_FILE_ENVIRONMENT);
    }

    /**
     * Reads {@code file} (a guacamole.properties file, or a GUACAMOLE_HOME directory holding one).
     *
     * @param environment the process environment ({@code System.getenv()} outside tests)
     * @param overrides values from the command line, which win over everything else
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException naming the file, when it is no properties file (a malformed
     *         {@code \}{@code uXXXX} escape) or a Guacamole switch this class relies on is neither true nor false
     */
    public static PropertiesFileLookup read(Path file, Map<String, String> environment, Map<String, String> overrides)
            throws IOException {
        Path properties = propertiesFile(file);
        Properties loaded = new Properties();
        try (InputStream in = Files.newInputStream(properties)) {
            loaded.load(in);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(properties + " is not a valid properties file (" + e.getMessage()
                    + "); Guacamole cannot read it either");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : new TreeSet<>(loaded.stringPropertyNames()))
            values.put(name, loaded.getProperty(name).trim());
        return new PropertiesFileLookup(properties, values, environment, overrides);
    }

    /** The file {@link #read} reads for {@code file}: itself, or the guacamole.properties in it when it is a directory. */
    static Path propertiesFile(Path file) {
        return Files.isDirectory(file) ? file.resolve("guacamole.properties") : file;
    }

    /** Only the command line's overrides: no file, hence (as in Guacamole) no environment either. */
    public static PropertiesFileLookup overridesOnly(Map<String, String> overrides) {
        return new PropertiesFileLookup(null, Map.of(), Map.of(), overrides);
    }

    private boolean switchValue(String name) {
        String value = fileValues.get(name);
        if (value == null)
            return false;
        if (value.equalsIgnoreCase("true"))
            return true;
        if (value.equalsIgnoreCase("false"))
            return false;
        throw new IllegalArgumentException("property " + name + " = " + Excerpt.quoted(value) + " in " + file
                + " is not accepted: expected true or false (Guacamole would then ignore environment variables)");
    }

    @Override
    public String get(String name) {
        String value = overrides.get(name);
        if (value != null)
            return value;
        value = fileValues.get(name);
        if (value != null)
            return value;
        if (environmentEnabled) {
            value = environment.get(Setting.environmentVariable(name));
            if (value != null)
                return value;
        }
        if (fileEnvironmentEnabled)
            return fromReferencedFile(name);
        return null;
    }

    private String fromReferencedFile(String name) {
        String variable = Setting.environmentVariable(name) + "_FILE";
        String path = environment.get(variable);
        if (path == null)
            return null;
        try {
            return new String(Files.readAllBytes(Paths.get(path)), StandardCharsets.UTF_8);
        }
        catch (IOException | RuntimeException e) {
            String warning = variable + " names " + Excerpt.quoted(path) + ", which cannot be read (" + e
                    + "); Guacamole would log an error and treat " + name + " as unset";
            if (!warnings.contains(warning))
                warnings.add(warning);
            return null;
        }
    }

    /** Where the value of {@code name} comes from, in words, or null when it is unset. */
    public String sourceOf(String name) {
        if (overrides.containsKey(name))
            return "the command line";
        if (fileValues.containsKey(name))
            return file.toString();
        String variable = Setting.environmentVariable(name);
        if (environmentEnabled && environment.containsKey(variable))
            return "environment variable " + variable;
        if (fileEnvironmentEnabled && environment.containsKey(variable + "_FILE"))
            return "the file named by " + variable + "_FILE";
        return null;
    }

    /** The properties file read, or null. */
    public Path file() {
        return file;
    }

    public boolean environmentEnabled() {
        return environmentEnabled;
    }

    public boolean fileEnvironmentEnabled() {
        return fileEnvironmentEnabled;
    }

    /** Names in the file starting with {@code prefix} (such as "guacd-affinity-"), in order. */
    public List<String> fileNamesStartingWith(String prefix) {
        List<String> out = new ArrayList<>();
        for (String name : fileValues.keySet()) {
            if (name.toLowerCase(Locale.ROOT).startsWith(prefix))
                out.add(name);
        }
        return out;
    }

    /** Problems found while reading that Guacamole would only log. */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }
}
