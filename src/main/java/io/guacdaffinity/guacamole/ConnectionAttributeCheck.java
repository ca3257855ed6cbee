package io.guacdaffinity.guacamole;

import io.guacdaffinity.conf.ConnectionAffinity;
import io.guacdaffinity.conf.Excerpt;
import io.guacdaffinity.conf.InvalidAttributeException;

import org.apache.guacamole.GuacamoleClientException;
import org.apache.guacamole.language.TranslatableGuacamoleClientException;
import org.apache.guacamole.language.TranslatableMessage;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Refuses, when an admin saves a connection, attribute values the router could not follow. The
 * refusal is a translatable client error: the connection editor shows it in the admin's language.
 */
public final class ConnectionAttributeCheck {

    /** Translation namespace of the error messages. */
    static final String MESSAGE_PREFIX = "GUACD_AFFINITY.ERROR_";

    private final Supplier<? extends Collection<String>> memberNames;

    /** @param memberNames the names of the ring's members at the moment of the save */
    public ConnectionAttributeCheck(Supplier<? extends Collection<String>> memberNames) {
        this.memberNames = memberNames;
    }

    /**
     * Checks the attributes of a connection about to be saved.
     *
     * @param attributes what the admin saves
     * @param stored     the attributes saved before (null for a new connection): a fixed member that
     *                   left the ring since may stay while the admin edits something else
     * @throws GuacamoleClientException naming the attribute, the value and what is accepted
     */
    public ConnectionAffinity check(Map<String, String> attributes, Map<String, String> stored)
            throws GuacamoleClientException {
        try {
            ConnectionAffinity affinity = ConnectionAffinity.from(attributes);
            String member = affinity.fixedMember().orElse(null);
            String storedMember = stored == null ? null : trimmed(stored.get(ConnectionAffinity.MEMBER_ATTRIBUTE));
            if (member != null && !member.equals(storedMember))
                affinity.requireCurrentMember(memberNames.get());
            return affinity;
        }
        catch (InvalidAttributeException e) {
            throw refusal(e, memberNames.get());
        }
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }

    static TranslatableGuacamoleClientException refusal(InvalidAttributeException e, Collection<String> members) {
        Map<String, String> variables = new HashMap<>();
        variables.put("VALUE", Excerpt.of(e.value()));
        variables.put("MEMBERS", members.isEmpty() ? "-" : String.join(", ", new TreeSet<>(members)));
        return new TranslatableGuacamoleClientException(e.getMessage(),
                new TranslatableMessage(MESSAGE_PREFIX + e.problem().name(), variables));
    }

    /** The translation key of each refusal, for the translation test. */
    static Collection<String> messageKeys() {
        Collection<String> keys = new TreeSet<>();
        for (InvalidAttributeException.Problem p : InvalidAttributeException.Problem.values())
            keys.add(MESSAGE_PREFIX + p.name());
        return keys;
    }
}
