package io.guacdaffinity.conf;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MetricsSettingsTest {

    @Test
    void theEndpointIsOffByDefaultAndListensEverywhereWhenOn() {
        AffinityConfig defaults = AffinityConfig.defaults();
        assertEquals(0, defaults.metricsPort());
        assertEquals("0.0.0.0", defaults.metricsAddress());
        AffinityConfig on = AffinityConfig.from(Map.of("guacd-affinity-metrics-port", "9464")::get);
        assertEquals(9464, on.metricsPort());
    }

    @Test
    void literalAddressesOfBothFamiliesAreAccepted() {
        assertEquals("127.0.0.1", address("127.0.0.1"));
        assertEquals("::", address("::"));
        assertEquals("fd00::1", address("[fd00::1]"));
    }

    private static String address(String text) {
        return AffinityConfig.from(Map.of("guacd-affinity-metrics-address", text)::get).metricsAddress();
    }
}
