package io.guacdaffinity.membership;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectHostsTest {

    @Test
    void ordinalIsTheDigitsAfterTheLastDash() {
        assertEquals("0", ConnectHosts.ordinalOf("guacd-stateful-0"));
        assertEquals("17", ConnectHosts.ordinalOf("guacd-17"));
        assertNull(ConnectHosts.ordinalOf("guacd"));
        assertNull(ConnectHosts.ordinalOf("guacd-"));
        assertNull(ConnectHosts.ordinalOf("guacd-7b"));
        assertNull(ConnectHosts.ordinalOf("10-0-0-5x"));
    }

    @Test
    void withoutTemplateTheTargetIsTheHost() {
        assertEquals("guacd-0.svc", new ConnectHosts("").hostFor("guacd-0", "guacd-0.svc"));
    }

    @Test
    void templateThatWouldGiveAnInvalidHostIsRefusedWithTheResult() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConnectHosts("{name}-.svc").hostFor("guacd-0", "guacd-0.svc"));
        assertTrue(e.getMessage().contains("\"guacd-0-.svc\""), e.getMessage());
    }
}
