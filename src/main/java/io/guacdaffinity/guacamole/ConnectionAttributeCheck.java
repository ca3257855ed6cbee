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
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Refuses, when an admin saves a connection, attribute values the router could not follow. The
 * refusal is a translatable client error: the connection editor shows it in the admin's language.
 * Only administrators (system ADMINISTER) are told the ring's member names; a user who may only edit
 * some connections hears that the member is not current, and whom to ask.
 */
public final class ConnectionAttributeCheck {

    /** Translation namespace of the error messages. */
    static final String MESSAGE_PREFIX = "GUACD_AFFINITY.ERROR_";

    /** Suffix of the key of a refusal that leaves out the member names. */
    static final String NAMES_HIDDEN = "_NAMES_HIDDEN";

    /** What a user who is not an administrator reads instead of the member names. */
    static final String ASK_AN_ADMINISTRATOR = "empty or a current member (an administrator can tell which)";

    private final Supplier<? extends Collection<String>> memberNames;
    private final BooleanSupplier administrator;

    /**
     * @param memberNames   the names of the ring's members at the moment of the save
     * @param administrator whether the user saving may see those names; asked only when a save is refused
     */
    public ConnectionAttributeCheck(Supplier<? extends Collection<String>> memberNames, BooleanSupplier administrator) {
        this.memberNames = memberNames;
        this.administrator = administrator;
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
            throw administrator.getAsBoolean() ? refusal(e, memberNames.get()) : refusal(e);
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

    /** The refusal a user who is not an administrator gets: no member name, in either message. */
    static TranslatableGuacamoleClientException refusal(InvalidAttributeException e) {
        Map<String, String> variables = new HashMap<>();
        variables.put("VALUE", Excerpt.of(e.value()));
        if (e.problem() != InvalidAttributeException.Problem.NOT_A_CURRENT_MEMBER)
            return new TranslatableGuacamoleClientException(e.getMessage(),
                    new TranslatableMessage(MESSAGE_PREFIX + e.problem().name(), variables));
        String message = new InvalidAttributeException(e.problem(), e.attribute(), e.value(), ASK_AN_ADMINISTRATOR)
                .getMessage();
        return new TranslatableGuacamoleClientException(message,
                new TranslatableMessage(MESSAGE_PREFIX + e.problem().name() + NAMES_HIDDEN, variables));
    }

    /** The translation key of each refusal, for the translation test. */
    static Collection<String> messageKeys() {
        Collection<String> keys = new TreeSet<>();
        for (InvalidAttributeException.Problem p : InvalidAttributeException.Problem.values())
            keys.add(MESSAGE_PREFIX + p.name());
        keys.add(MESSAGE_PREFIX + InvalidAttributeException.Problem.NOT_A_CURRENT_MEMBER.name() + NAMES_HIDDEN);
        return keys;
    }
}
