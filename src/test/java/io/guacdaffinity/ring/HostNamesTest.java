package io.guacdaffinity.ring;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every host a member can have passes here first, from DNS or from configuration. */
class HostNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"guacd-0", "guacd-0.guacamole.svc.cluster.local", "10.0.3.7", "::1", "fd00::1",
        "2001:db8:0:0:0:0:0:1", "2001:db8::8:800:200c:417a", "::ffff:10.0.3.7", "fe80::", "1::"})
    void accepted(String host) {
        assertTrue(HostNames.isValid(host), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {":::::", "::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", "12345::1", "fd00::g",
        "fe80::1%eth0", "::1.2.3", "1.2.3.4::", "guacd_0", "-guacd", "10.0.3.256", "a..b", ""})
    void refused(String host) {
        assertFalse(HostNames.isValid(host), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {":::::", "::"})
    void aMemberWithSuchAHostIsRefusedNamingWhatIsAccepted(String host) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Member("guacd-0", host, 4822));
        assertTrue(e.getMessage().contains(HostNames.ACCEPTED), e.getMessage());
    }
}
