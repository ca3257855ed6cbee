package io.guacdaffinity.conf;

/**
 * Where raw property values come from: Guacamole's environment inside the web application, a
 * guacamole.properties file plus environment variables on the command line, a map in tests.
 */
@FunctionalInterface
public interface PropertyLookup {

    /** The raw value of {@code name}, or null when it is not set. */
    String get(String name);
}
