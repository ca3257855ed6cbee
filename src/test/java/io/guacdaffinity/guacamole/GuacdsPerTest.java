package io.guacdaffinity.guacamole;

import org.junit.jupiter.api.AfterEach;

/**
 * Tests that route through guacd doubles: each test starts its own {@link RoutedGuacds} in
 * {@link #guacds}, and it is closed after the test, whether the test passed or not, so that no
 * double, tunnel or provider outlives it.
 */
abstract class GuacdsPerTest {

    RoutedGuacds guacds;

    @AfterEach
    void closeGuacds() {
        if (guacds != null)
            guacds.close();
    }
}
