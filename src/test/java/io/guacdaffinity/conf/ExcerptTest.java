package io.guacdaffinity.conf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExcerptTest {

    @Test
    void controlCharactersAreWrittenOutAndNothingElseChanges() {
        assertEquals("alice\\nWARN forged", Excerpt.printable("alice\nWARN forged"));
        assertEquals("a\\rb\\tc\\u0000d\\u001be\\u007ff\\u0085g\\u2028h", Excerpt.printable(
                "a\rb\tc\u0000d\u001be\u007ff\u0085g\u2028h"));
        String plain = "DOMAIN\\bob, Zoë 渡辺";
        assertSame(plain, Excerpt.printable(plain));
        assertNull(Excerpt.printable(null));
        assertEquals(Excerpt.printable("x\ny"), Excerpt.printable(Excerpt.printable("x\ny")), "escaping twice changes nothing");
    }

    @Test
    void aLongValueIsCutAtTwoHundredCharacters() {
        String value = "x".repeat(10_000);
        String excerpt = Excerpt.of(value);
        assertTrue(excerpt.startsWith("x".repeat(Excerpt.MAX_CHARS) + "..."), excerpt);
        assertTrue(excerpt.endsWith("[9800 more characters]"), excerpt);
        assertEquals("\"" + excerpt + "\"", Excerpt.quoted(value));
    }
}
