package io.guacdaffinity.conf;

import io.guacdaffinity.conf.InvalidAttributeException.Problem;
import io.guacdaffinity.ring.HostNames;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What one connection's own attributes say about its routing: inherit the global key, use another
 * key, stay off the ring (keep the host its provider set), or always go to one fixed member.
 * Parsed from the attribute map an admin saved, so the save check and the connect path agree.
 */
public final class ConnectionAffinity {

    /** Attribute: the affinity key for this connection ({@link #KEY_VALUES}). */
    public static final String KEY_ATTRIBUTE = "guacd-affinity-key";

    /** Attribute: the name of the one member this connection always uses. */
    public static final String MEMBER_ATTRIBUTE = "guacd-affinity-member";

    /** Key value: the connection is not routed; its provider's own guacd settings apply. */
    public static final String OFF = "off";

    /** Every key value the admin UI offers, in its order; "" inherits guacd-affinity-key. */
    public static final List<String> KEY_VALUES = Collections.unmodifiableList(Arrays.asList(
            "", KeyMode.USER.value(), KeyMode.SESSION.value(), KeyMode.CLIENT_IP.value(),
            KeyMode.CONNECTION.value(), OFF));

    public static final String KEY_ACCEPTED = "empty (inherit guacd-affinity-key), user, session, client-ip,"
            + " connection or off";

    public static final String MEMBER_ACCEPTED = "empty or the name of a ring member (a DNS label or host"
            + " name such as guacd-stateful-0)";

    /** No attribute set: the global key, the ring, no fixed member. */
    public static final ConnectionAffinity INHERIT = new ConnectionAffinity(null, false, null);

    private final KeyMode keyOverride;
    private final boolean off;
    private final String fixedMember;

    private ConnectionAffinity(KeyMode keyOverride, boolean off, String fixedMember) {
        this.keyOverride = keyOverride;
        this.off = off;
        this.fixedMember = fixedMember;
    }

    /**
     * Parses a connection's attributes; keys other than ours are ignored, a missing or blank value
     * means "not set".
     *
     * @throws InvalidAttributeException naming the attribute, its value and what is accepted
     */
    public static ConnectionAffinity from(Map<String, String> attributes) {
        if (attributes == null)
            return INHERIT;
        String keyText = trimmed(attributes.get(KEY_ATTRIBUTE));
        String memberText = trimmed(attributes.get(MEMBER_ATTRIBUTE));

        KeyMode keyOverride = null;
        boolean off = false;
        if (!keyText.isEmpty()) {
            off = OFF.equals(keyText.toLowerCase(Locale.ROOT));
            keyOverride = off ? null : KeyMode.fromValue(keyText);
            if (!off && keyOverride == null)
                throw new InvalidAttributeException(Problem.UNKNOWN_KEY, KEY_ATTRIBUTE, keyText, KEY_ACCEPTED);
        }

        String fixedMember = null;
        if (!memberText.isEmpty()) {
            if (!isMemberName(memberText))
                throw new InvalidAttributeException(Problem.NOT_A_MEMBER_NAME, MEMBER_ATTRIBUTE, memberText,
                        MEMBER_ACCEPTED);
            if (off)
                throw new InvalidAttributeException(Problem.MEMBER_WHILE_OFF, MEMBER_ATTRIBUTE, memberText,
                        "empty while " + KEY_ATTRIBUTE + " is off (an unrouted connection has no member)");
            fixedMember = memberText;
        }
        if (keyOverride == null && !off && fixedMember == null)
            return INHERIT;
        return new ConnectionAffinity(keyOverride, off, fixedMember);
    }

    /**
     * Parses attributes at connect time, where a value saved before this extension checked it (or
     * by a bulk import) must not stop anyone connecting: it is reported and the global key applies.
     */
    public static ConnectionAffinity fromOrInherit(Map<String, String> attributes,
            Consumer<InvalidAttributeException> onNotAccepted) {
        try {
            return from(attributes);
        }
        catch (InvalidAttributeException e) {
            onNotAccepted.accept(e);
            return INHERIT;
        }
    }

    /**
     * Checks the fixed member against the current ring, as a save does.
     *
     * @throws InvalidAttributeException when a fixed member is set and is not one of {@code memberNames}
     */
    public ConnectionAffinity requireCurrentMember(Collection<String> memberNames) {
        if (fixedMember != null && !memberNames.contains(fixedMember)) {
            String current = memberNames.isEmpty() ? "none: the ring has no members right now"
                    : String.join(", ", new TreeSet<>(memberNames));
            throw new InvalidAttributeException(Problem.NOT_A_CURRENT_MEMBER, MEMBER_ATTRIBUTE, fixedMember,
                    "empty or a current member (" + current + ")");
        }
        return this;
    }

    /** Member names are pod names or the names of static members: DNS labels or host names. */
    private static boolean isMemberName(String text) {
        return text.indexOf(':') < 0 && HostNames.isValid(text);
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }

    /** The connection's own key, if it overrides the global one. */
    public Optional<KeyMode> keyOverride() {
        return Optional.ofNullable(keyOverride);
    }

    /** The key this connection is routed by, given the global setting. */
    public KeyMode keyMode(KeyMode global) {
        return keyOverride != null ? keyOverride : global;
    }

    /** True when the connection must not be routed at all. */
    public boolean off() {
        return off;
    }

    /** The member this connection always asks for first, if any. */
    public Optional<String> fixedMember() {
        return Optional.ofNullable(fixedMember);
    }

    public boolean inherits() {
        return this == INHERIT;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ConnectionAffinity))
            return false;
        ConnectionAffinity c = (ConnectionAffinity) o;
        return off == c.off && keyOverride == c.keyOverride && Objects.equals(fixedMember, c.fixedMember);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyOverride, off, fixedMember);
    }

    @Override
    public String toString() {
        if (off)
            return "key=off";
        return "key=" + (keyOverride == null ? "inherit" : keyOverride.value())
                + (fixedMember == null ? "" : ", member=" + fixedMember);
    }
}
