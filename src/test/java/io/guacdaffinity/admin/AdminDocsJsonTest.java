package io.guacdaffinity.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON that docs/admin.md quotes for the REST resource names the fields the real answers have:
 * the report and the explanation serialised by Jackson, as the web application serialises them.
 */
class AdminDocsJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first fenced json block after the heading that starts with {@code heading}. */
    private static JsonNode documented(String heading) throws IOException {
        String doc = new String(Files.readAllBytes(Paths.get("docs", "admin.md")), StandardCharsets.UTF_8);
        int at = doc.indexOf("\n" + heading);
        assertTrue(at >= 0, "docs/admin.md has a heading " + heading);
        Matcher block = Pattern.compile("```json\n(.*?)\n```", Pattern.DOTALL).matcher(doc);
        assertTrue(block.find(at), "a json block after " + heading);
        int next = doc.indexOf("\n### ", at + 1);
        assertTrue(next < 0 || block.start() < next, "the json block belongs to " + heading);
        return JSON.readTree(block.group(1));
    }

    private static JsonNode real(Object answer) {
        return JSON.valueToTree(answer);
    }

    private static Set<String> fields(JsonNode object) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); )
            names.add(it.next());
        return names;
    }

    @Test
    void explainsQuotedAnswerHasExactlyTheFieldsOfARealOne() throws IOException {
        JsonNode doc = documented("### `GET /api/session/ext/guacd-affinity/explain`");
        assertEquals(fields(real(SampleStatus.explanation())), fields(doc));
        assertTrue(doc.get("hints").isArray());
        assertTrue(doc.get("userKnown").isBoolean() && doc.get("loggedInHere").isBoolean());
    }

    @Test
    void statusQuotedAnswerHasTheFieldsOfARealOneAtEveryLevel() throws IOException {
        JsonNode doc = documented("### `GET /api/session/ext/guacd-affinity/status`");
        JsonNode real = real(SampleStatus.report());
        assertEquals(fields(real), fields(doc));
        assertEquals(fields(real.get("membership")), fields(doc.get("membership")));
        for (String list : new String[] { "members", "placements", "settings" }) {
            assertTrue(doc.get(list).size() > 0, list + " quoted with at least one entry");
            for (JsonNode entry : doc.get(list))
                assertEquals(fields(real.get(list).get(0)), fields(entry), list + " entry " + entry);
        }
    }
}
