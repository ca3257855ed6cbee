package io.guacdaffinity.guacamole;

import io.guacdaffinity.conf.PropertyLookup;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.environment.Environment;
import org.apache.guacamole.properties.StringGuacamoleProperty;

/**
 * Reads raw property values through Guacamole's environment, so guacamole.properties and (with
 * {@code enable-environment-properties}) environment variables apply exactly as for Guacamole's own
 * properties. Parsing is left to {@link io.guacdaffinity.conf.AffinityConfig}.
 */
final class EnvironmentLookup implements PropertyLookup {

    private final Environment environment;

    EnvironmentLookup(Environment environment) {
        this.environment = environment;
    }

    @Override
    public String get(String name) {
        StringGuacamoleProperty property = new StringGuacamoleProperty() {
            @Override
            public String getName() {
                return name;
            }
        };
        try {
            return environment.getProperty(property);
        }
        catch (GuacamoleException e) {
            throw new IllegalArgumentException("property " + name + " could not be read: " + e.getMessage(), e);
        }
    }
}
