package io.guacdaffinity.conf;

import io.guacdaffinity.conf.InvalidAttributeException.Problem;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionAffinityTest {

    private static Map<String, String> attrs(String key, String member) {
        Map<String, String> m = new HashMap<>();
        m.put("guacd-hostname", "ignored.example");
        m.put(ConnectionAffinity.KEY_ATTRIBUTE, key);
        m.put(ConnectionAffinity.MEMBER_ATTRIBUTE, member);
        return m;
    }

    @Test
    void unsetBlankOrMissingAttributesInherit() {
        assertSame(ConnectionAffinity.INHERIT, ConnectionAffinity.from(null));
        assertSame(ConnectionAffinity.INHERIT, ConnectionAffinity.from(new HashMap<>()));
        assertSame(ConnectionAffinity.INHERIT, ConnectionAffinity.from(attrs(null, null)));
        assertSame(ConnectionAffinity.INHERIT, ConnectionAffinity.from(attrs("", "  ")));
        assertEquals(KeyMode.SESSION, ConnectionAffinity.INHERIT.keyMode(KeyMode.SESSION));
    }

    @Test
    void everyOfferedKeyValueParses() {
        for (String value : ConnectionAffinity.KEY_VALUES)
            ConnectionAffinity.from(attrs(value, null));
        assertEquals(Optional.of(KeyMode.CLIENT_IP), ConnectionAffinity.from(attrs("client-ip", null)).keyOverride());
        assertEquals(KeyMode.CONNECTION, ConnectionAffinity.from(attrs(" Connection ", null)).keyMode(KeyMode.USER));
        ConnectionAffinity off = ConnectionAffinity.from(attrs("OFF", ""));
        assertTrue(off.off());
        assertEquals(Optional.empty(), off.keyOverride());
    }

    @Test
    void fixedMemberWithOrWithoutKeyOverride() {
        ConnectionAffinity fixed = ConnectionAffinity.from(attrs("", " guacd-stateful-1 "));
        assertEquals(Optional.of("guacd-stateful-1"), fixed.fixedMember());
        assertEquals(KeyMode.USER, fixed.keyMode(KeyMode.USER));
        assertFalse(fixed.off());
        ConnectionAffinity both = ConnectionAffinity.from(attrs("session", "guacd-0"));
        assertEquals(KeyMode.SESSION, both.keyMode(KeyMode.USER));
        assertEquals(Optional.of("guacd-0"), both.fixedMember());
    }

    @Test
    void unknownKeyIsRefusedNamingAttributeValueAndAccepted() {
        InvalidAttributeException e = assertThrows(InvalidAttributeException.class,
                () -> ConnectionAffinity.from(attrs("per-user", null)));
        assertEquals(Problem.UNKNOWN_KEY, e.problem());
        assertEquals("connection attribute guacd-affinity-key = \"per-user\" is not accepted: expected empty"
                + " (inherit guacd-affinity-key), user, session, client-ip, connection or off", e.getMessage());
    }

    @Test
    void memberThatCannotBeANameIsRefused() {
        for (String bad : new String[] { "guacd_0", "-guacd", "guacd 0", "10.0.0.1:4822", "a..b", "http://guacd-0" }) {
            InvalidAttributeException e = assertThrows(InvalidAttributeException.class,
                    () -> ConnectionAffinity.from(attrs(null, bad)), bad);
            assertEquals(Problem.NOT_A_MEMBER_NAME, e.problem(), bad);
            assertEquals(ConnectionAffinity.MEMBER_ATTRIBUTE, e.attribute());
            assertTrue(e.getMessage().contains("\"" + bad + "\""), e.getMessage());
        }
    }

    @Test
    void memberOnAnUnroutedConnectionIsRefused() {
        InvalidAttributeException e = assertThrows(InvalidAttributeException.class,
                () -> ConnectionAffinity.from(attrs("off", "guacd-0")));
        assertEquals(Problem.MEMBER_WHILE_OFF, e.problem());
    }

    @Test
    void saveCheckWantsACurrentMemberAndListsThem() {
        ConnectionAffinity fixed = ConnectionAffinity.from(attrs(null, "guacd-7"));
        assertSame(fixed, fixed.requireCurrentMember(Set.of("guacd-7", "guacd-0")));
        InvalidAttributeException e = assertThrows(InvalidAttributeException.class,
                () -> fixed.requireCurrentMember(Set.of("guacd-1", "guacd-0")));
        assertEquals(Problem.NOT_A_CURRENT_MEMBER, e.problem());
        assertTrue(e.getMessage().endsWith("expected empty or a current member (guacd-0, guacd-1)"), e.getMessage());
        assertTrue(assertThrows(InvalidAttributeException.class, () -> fixed.requireCurrentMember(Set.of()))
                .getMessage().contains("the ring has no members right now"));
        ConnectionAffinity.INHERIT.requireCurrentMember(Set.of());
    }

    @Test
    void connectTimeParsingReportsAndInherits() {
        List<InvalidAttributeException> reported = new ArrayList<>();
        assertSame(ConnectionAffinity.INHERIT, ConnectionAffinity.fromOrInherit(attrs("sticky", null), reported::add));
        assertEquals(1, reported.size());
        assertEquals("sticky", reported.get(0).value());
        ConnectionAffinity ok = ConnectionAffinity.fromOrInherit(attrs("user", null), reported::add);
        assertEquals(Optional.of(KeyMode.USER), ok.keyOverride());
        assertEquals(1, reported.size());
    }
}
