package io.guacdaffinity.guacamole;

import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.ActiveConnection;
import org.apache.guacamole.net.auth.Directory;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.net.auth.simple.SimpleDirectory;
import org.apache.guacamole.net.auth.simple.SimpleUserContext;
import org.apache.guacamole.protocol.GuacamoleClientInformation;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A monitor that leaves must not make the session it watched unjoinable while its owner is still live. */
class RepeatedJoinsTest {

    private RoutedGuacds guacds;

    @AfterEach
    void stop() {
        if (guacds != null)
            guacds.close();
    }

    @Test
    void aSecondMonitorStillReachesTheHostingGuacdAfterTheFirstLeft() throws Exception {
        guacds = RoutedGuacds.start(3);
        GuacamoleTunnel primary = guacds.connect(guacds.login("teacher"), "desktop", "teacher");
        String id = RoutedGuacds.idOf(primary);
        String host = guacds.servedBy(primary);
        JoinsAndTunnelsTest.ListedActiveConnection active = new JoinsAndTunnelsTest.ListedActiveConnection();
        active.setIdentifier("active-1");
        active.setTunnel(primary);
        UserContext inner = new SimpleUserContext(Logins.USER_MAPPING, "admin", Map.of(), true) {
            @Override
            public Directory<ActiveConnection> getActiveConnectionDirectory() {
                return new SimpleDirectory<>(active);
            }
        };
        UserContext admin = guacds.login(inner, "admin");
        GuacamoleTunnel first = admin.getActiveConnectionDirectory().get("active-1")
                .connect(new GuacamoleClientInformation(), Map.of());
        assertEquals(host, guacds.servedBy(first));
        assertTrue(Poll.until(() -> guacds.byName(host).served(id).size() == 2, Duration.ofSeconds(20)));
        first.close();

        assertTrue(primary.isOpen(), "the owner's tunnel is still live");
        assertEquals(host, guacds.service.joinableSessions().get(id),
                "the owner's session is still live on " + host + " and must stay joinable");
        GuacamoleTunnel second = admin.getActiveConnectionDirectory().get("active-1")
                .connect(new GuacamoleClientInformation(), Map.of());
        assertEquals(host, guacds.servedBy(second));
        second.close();
        primary.close();
    }
}
