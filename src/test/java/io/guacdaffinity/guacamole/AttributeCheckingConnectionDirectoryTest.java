package io.guacdaffinity.guacamole;

import io.guacdaffinity.guacamole.AdminFixtures.StoredConnection;
import io.guacdaffinity.guacamole.AdminFixtures.StoringDirectory;

import org.apache.guacamole.GuacamoleClientException;
import org.apache.guacamole.language.Translatable;
import org.apache.guacamole.language.TranslatableMessage;
import org.apache.guacamole.net.auth.Connection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.guacdaffinity.guacamole.AdminFixtures.affinity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saving through the wrapped connection directory, as the connection editor does. */
class AttributeCheckingConnectionDirectoryTest {

    private final AtomicReference<Set<String>> ring = new AtomicReference<>(Set.of("guacd-0", "guacd-1", "guacd-2"));
    /** Whether the user saving has system ADMINISTER; most tests save as an administrator. */
    private final AtomicBoolean administrator = new AtomicBoolean(true);
    private StoringDirectory stored;
    private AttributeCheckingConnectionDirectory directory;

    @BeforeEach
    void setUp() {
        stored = new StoringDirectory(new HashMap<>());
        directory = new AttributeCheckingConnectionDirectory(stored, new ConnectionAttributeCheck(ring::get,
                administrator::get));
    }

    private TranslatableMessage refusedAdd(Connection c) {
        GuacamoleClientException e = assertThrows(GuacamoleClientException.class, () -> directory.add(c));
        assertEquals(400, e.getHttpStatusCode());
        assertNull(stored.stored.get(c.getIdentifier()), "a refused save stores nothing");
        return assertInstanceOf(Translatable.class, e).getTranslatableMessage();
    }

    @SuppressWarnings("unchecked")
    private static String variable(TranslatableMessage m, String name) {
        return ((Map<String, String>) m.getVariables()).get(name);
    }

    @Test
    void acceptedValuesAreStoredWithEveryOtherAttribute() throws Exception {
        directory.add(new StoredConnection("1", affinity("client-ip", "guacd-2")));
        directory.add(new StoredConnection("2", affinity("", null)));
        directory.add(new StoredConnection("3", affinity("off", "")));
        Map<String, String> saved = stored.stored.get("1").getAttributes();
        assertEquals("client-ip", saved.get("guacd-affinity-key"));
        assertEquals("guacd-2", saved.get("guacd-affinity-member"));
        assertEquals("2", saved.get("max-connections"));
        assertEquals("off", stored.stored.get("3").getAttributes().get("guacd-affinity-key"));
    }

    @Test
    void unknownKeyIsRefusedWithATranslatableMessage() {
        TranslatableMessage m = refusedAdd(new StoredConnection("1", affinity("sticky", null)));
        assertEquals("GUACD_AFFINITY.ERROR_UNKNOWN_KEY", m.getKey());
        assertEquals("sticky", variable(m, "VALUE"));
    }

    @Test
    void memberOutsideTheRingIsRefusedListingTheMembers() {
        TranslatableMessage m = refusedAdd(new StoredConnection("1", affinity(null, "guacd-9")));
        assertEquals("GUACD_AFFINITY.ERROR_NOT_A_CURRENT_MEMBER", m.getKey());
        assertEquals("guacd-9", variable(m, "VALUE"));
        assertEquals("guacd-0, guacd-1, guacd-2", variable(m, "MEMBERS"));
    }

    @Test
    void malformedMemberAndMemberWhileOffAreRefused() {
        assertEquals("GUACD_AFFINITY.ERROR_NOT_A_MEMBER_NAME",
                refusedAdd(new StoredConnection("1", affinity(null, "guacd 0; rm"))).getKey());
        assertEquals("GUACD_AFFINITY.ERROR_MEMBER_WHILE_OFF",
                refusedAdd(new StoredConnection("1", affinity("off", "guacd-0"))).getKey());
    }

    @Test
    void aLongValueIsQuotedByAnExcerptInBothMessages() {
        String value = io.guacdaffinity.conf.LongValueMessagesTest.LONG;
        GuacamoleClientException e = assertThrows(GuacamoleClientException.class,
                () -> directory.add(new StoredConnection("1", affinity(value, null))));
        io.guacdaffinity.conf.LongValueMessagesTest.assertQuotesAnExcerpt(e.getMessage());
        TranslatableMessage m = assertInstanceOf(Translatable.class, e).getTranslatableMessage();
        io.guacdaffinity.conf.LongValueMessagesTest.assertQuotesAnExcerpt(variable(m, "VALUE"));
    }

    @Test
    void onlyAnAdministratorIsToldTheMemberNames() {
        StoredConnection stranger = new StoredConnection("1", affinity(null, "guacd-9"));
        GuacamoleClientException toAdmin = assertThrows(GuacamoleClientException.class, () -> directory.add(stranger));
        assertTrue(toAdmin.getMessage().contains("guacd-0, guacd-1, guacd-2"), toAdmin.getMessage());

        administrator.set(false);
        GuacamoleClientException toUser = assertThrows(GuacamoleClientException.class, () -> directory.add(stranger));
        assertEquals(400, toUser.getHttpStatusCode());
        assertEquals("connection attribute guacd-affinity-member = \"guacd-9\" is not accepted: expected empty or a"
                + " current member (an administrator can tell which)", toUser.getMessage());
        TranslatableMessage m = assertInstanceOf(Translatable.class, toUser).getTranslatableMessage();
        assertEquals("GUACD_AFFINITY.ERROR_NOT_A_CURRENT_MEMBER_NAMES_HIDDEN", m.getKey());
        assertEquals("guacd-9", variable(m, "VALUE"));
        assertEquals(Set.of("VALUE"), m.getVariables() == null ? Set.of() : ((Map<?, ?>) m.getVariables()).keySet(),
                "no member name travels to the browser");

        // The other refusals name no member either, and carry none in their variables.
        TranslatableMessage unknown = refusedAdd(new StoredConnection("2", affinity("sticky", null)));
        assertEquals("GUACD_AFFINITY.ERROR_UNKNOWN_KEY", unknown.getKey());
        assertNull(variable(unknown, "MEMBERS"));
    }

    /** What a save through a real login's decorated context answers, for an administrator and for another user. */
    @Test
    void throughTheProviderTheNamesFollowTheSavingUsersRights() throws Exception {
        try (RoutedGuacds guacds = RoutedGuacds.start(2)) {
            for (boolean admin : new boolean[] { true, false }) {
                String user = admin ? "admin" : "editor";
                AdminFixtures.DataSource postgres = new AdminFixtures.DataSource("postgresql", user, admin);
                org.apache.guacamole.net.auth.UserContext context = guacds.provider.decorate(postgres,
                        Logins.user(user, "10.0.0.1", postgres.getAuthenticationProvider()),
                        Logins.credentials(user, "10.0.0.1"));
                GuacamoleClientException e = assertThrows(GuacamoleClientException.class,
                        () -> context.getConnectionDirectory().add(new StoredConnection("5", affinity(null, "guacd-9"))));
                TranslatableMessage m = assertInstanceOf(Translatable.class, e).getTranslatableMessage();
                assertEquals(admin, e.getMessage().contains("guacd-stateful-0, guacd-stateful-1"), e.getMessage());
                assertEquals(admin, m.toString().contains("guacd-stateful") || String.valueOf(m.getVariables())
                        .contains("guacd-stateful"), String.valueOf(m.getVariables()));
                assertEquals(admin ? "GUACD_AFFINITY.ERROR_NOT_A_CURRENT_MEMBER"
                        : "GUACD_AFFINITY.ERROR_NOT_A_CURRENT_MEMBER_NAMES_HIDDEN", m.getKey());
                assertTrue(postgres.connections.stored.isEmpty(), "nothing saved");
            }
        }
    }

    @Test
    void theEnglishMessageNamesAttributeValueAndWhatIsAccepted() {
        GuacamoleClientException e = assertThrows(GuacamoleClientException.class,
                () -> directory.add(new StoredConnection("1", affinity(null, "guacd-9"))));
        assertEquals("connection attribute guacd-affinity-member = \"guacd-9\" is not accepted: expected empty"
                + " or a current member (guacd-0, guacd-1, guacd-2)", e.getMessage());
    }

    @Test
    void updateRefusesANewStrangerButKeepsAStaleMemberWhileOtherFieldsChange() throws Exception {
        directory.add(new StoredConnection("7", affinity("user", "guacd-2")));
        ring.set(Set.of("guacd-0", "guacd-1"));

        // guacd-2 left the ring; the admin edits another field: the stale member may stay.
        Map<String, String> edited = affinity("session", "guacd-2");
        edited.put("max-connections", "5");
        directory.update(new StoredConnection("7", edited));
        assertEquals("5", stored.stored.get("7").getAttributes().get("max-connections"));

        // Typing a member that is not in the ring is refused, and the stored value stays.
        GuacamoleClientException e = assertThrows(GuacamoleClientException.class,
                () -> directory.update(new StoredConnection("7", affinity("session", "guacd-5"))));
        assertTrue(e.getMessage().contains("\"guacd-5\""));
        assertEquals("guacd-2", stored.stored.get("7").getAttributes().get("guacd-affinity-member"));

        // A provider that hands out the stored object itself has lost the old value: all is checked.
        Connection same = stored.stored.get("7");
        Map<String, String> inPlace = same.getAttributes();
        inPlace.put("guacd-affinity-member", "guacd-6");
        same.setAttributes(inPlace);
        assertThrows(GuacamoleClientException.class, () -> directory.update(same));

        // A syntax error is refused even for an existing connection.
        assertThrows(GuacamoleClientException.class,
                () -> directory.update(new StoredConnection("7", affinity("bogus", "guacd-2"))));
    }
}
