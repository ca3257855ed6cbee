package io.guacdaffinity.conf;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A runaway value (a whole file pasted into a property, a script writing an attribute in a loop)
 * is quoted in its error by at most {@link Excerpt#MAX_CHARS} characters at a time.
 */
public class LongValueMessagesTest {

    /** 10,000 characters that no property or attribute accepts. */
    public static final String LONG = "x".repeat(9_990) + "!@#$%^&*()";

    /** Fails unless {@code message} quotes at most {@link Excerpt#MAX_CHARS} characters of {@link #LONG} in a row. */
    public static void assertQuotesAnExcerpt(String message) {
        Matcher run = Pattern.compile("x+").matcher(message);
        int longest = 0;
        while (run.find())
            longest = Math.max(longest, run.group().length());
        assertTrue(longest <= Excerpt.MAX_CHARS, "quotes " + longest + " characters of the value in a row: "
                + message.substring(0, Math.min(message.length(), 400)) + "...");
        assertTrue(message.length() < 2_000, "a message of " + message.length() + " characters");
        assertTrue(message.contains("more characters]"), "says that the value was cut: " + message);
    }

    @Test
    void everyPropertyQuotesAtMostAnExcerptOfItsValue() {
        for (Setting<?> setting : AffinityConfig.ALL) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> AffinityConfig.from(Map.of(setting.name(), LONG)::get), setting.name());
            assertEquals(1, e.problems().size(), e.problems().toString());
            String problem = e.problems().get(0);
            assertTrue(problem.startsWith("property " + setting.name() + " = \"xxx"), problem);
            assertQuotesAnExcerpt(problem);
        }
    }

    @Test
    void aLongMemberItemIsQuotedByAnExcerptWhereverItIsQuoted() {
        for (String members : List.of("guacd-0=" + LONG, "[" + LONG, "guacd-0:" + LONG, "g0=guacd-0*" + LONG,
                LONG + "=guacd-0")) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> AffinityConfig.from(Map.of(AffinityConfig.MEMBERS.name(), members)::get));
            assertQuotesAnExcerpt(e.problems().get(0));
        }
    }

    @Test
    void attributeValuesAreQuotedByAnExcerpt() {
        for (String attribute : List.of(ConnectionAffinity.KEY_ATTRIBUTE, ConnectionAffinity.MEMBER_ATTRIBUTE)) {
            InvalidAttributeException e = assertThrows(InvalidAttributeException.class,
                    () -> ConnectionAffinity.from(Map.of(attribute, LONG)));
            assertQuotesAnExcerpt(e.getMessage());
            assertEquals(LONG, e.value(), "the exception keeps the whole value for whoever needs it");
        }
    }
}
