package io.guacdaffinity.guacamole;

import org.junit.jupiter.api.AfterEach;

/**
 * Tests of the extension with its members from DNS SRV records: each test starts its own
 * {@link SrvGuacds} in {@link #pods}, and the DNS server, the doubles and the provider are closed
 * after the test, whether it passed or not.
 */
abstract class SrvGuacdsPerTest {

    SrvGuacds pods;

    @AfterEach
    void closePods() throws Exception {
        if (pods != null)
            pods.close();
    }
}
