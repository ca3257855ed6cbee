package io.guacdaffinity.ring;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Determinism: the committed golden files pin key -> member and the failover order. The ring is
 * rebuilt from the names and weights in the file's header, in every member order and with other
 * hosts and ports, and must reproduce every line.
 */
class HashRingGoldenTest {

    private static GoldenFile routes;
    private static GoldenFile preferences;

    @BeforeAll
    static void load() throws IOException {
        if (Boolean.getBoolean("golden.regenerate")) {
            GoldenRingFiles.write(Paths.get(System.getProperty("basedir", "."), "src/test/resources/golden"));
            Assumptions.abort("golden files regenerated; run again without -Dgolden.regenerate to verify them");
        }
        routes = GoldenFile.read(GoldenRingFiles.ROUTES);
        preferences = GoldenFile.read(GoldenRingFiles.PREFERENCES);
    }

    @Test
    void everyGoldenKeyRoutesToItsRecordedMember() {
        assertEquals(GoldenRingFiles.KEY_COUNT, routes.values.size(), "keys in " + GoldenRingFiles.ROUTES);
        assertMatches(routes.ring(routes.members), routes);
    }

    /** The owner of each of a million keys, pinned by one checksum (in any member order). */
    @Test
    void aMillionKeysKeepTheirRecordedOwners() throws IOException {
        String recorded = null;
        try (InputStream in = HashRingGoldenTest.class.getResourceAsStream("/golden/" + GoldenRingFiles.CHECKSUM)) {
            assertTrue(in != null, GoldenRingFiles.CHECKSUM + " is on the test class path");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("#") && !line.isBlank())
                    recorded = line.trim();
            }
        }
        List<Member> reversed = new ArrayList<>(GoldenRingFiles.members());
        Collections.reverse(reversed);
        assertEquals(recorded, Long.toHexString(GoldenRingFiles.checksum(HashRing.of(reversed))),
                "routing of the million keys changed");
    }

    @Test
    void goldenFileCoversEveryMemberAndWeightCounts() {
        assertEquals(6, routes.members.size());
        Map<String, Integer> perMember = new HashMap<>();
        for (String owner : routes.values.values())
            perMember.merge(owner, 1, Integer::sum);
        assertEquals(routes.weights.keySet(), perMember.keySet(), "every member owns golden keys");
        // Weight 2 of a total 7: about 2857 of 10,000 keys, the others about 1429.
        int large = perMember.get("guacd-large-0");
        assertTrue(large > 2600 && large < 3100, "guacd-large-0 owns " + large + " keys");
        for (Map.Entry<String, Integer> e : perMember.entrySet()) {
            if (!e.getKey().equals("guacd-large-0"))
                assertTrue(e.getValue() > 1250 && e.getValue() < 1600, e.getKey() + " owns " + e.getValue());
        }
    }

    @Test
    void memberOrderDoesNotChangeAnyMapping() {
        Random random = new Random(7);
        for (int round = 0; round < 5; round++) {
            List<Member> shuffled = new ArrayList<>(routes.members);
            Collections.shuffle(shuffled, random);
            assertMatches(routes.ring(shuffled), routes);
        }
        List<Member> reversed = new ArrayList<>(routes.members);
        Collections.reverse(reversed);
        assertMatches(routes.ring(reversed), routes);
    }

    @Test
    void hostsAndPortsDoNotChangeAnyMapping() {
        List<Member> moved = new ArrayList<>();
        int i = 0;
        for (Member m : routes.members)
            moved.add(new Member(m.name(), "fd00::" + (++i), 4000 + i, m.weight()));
        assertMatches(routes.ring(moved), routes);
    }

    @Test
    void failoverOrdersMatchTheGoldenFile() {
        HashRing ring = preferences.ring(preferences.members);
        assertEquals(GoldenRingFiles.PREFERENCE_KEY_COUNT, preferences.values.size());
        for (Map.Entry<String, String> e : preferences.values.entrySet()) {
            List<String> order = new ArrayList<>();
            for (Member m : ring.preferenceList(e.getKey()))
                order.add(m.name());
            assertEquals(e.getValue(), String.join(",", order), "failover order of key " + e.getKey());
            assertEquals(routes.values.get(e.getKey()), order.get(0), "first choice of " + e.getKey());
            assertEquals(ring.size(), new HashSet<>(order).size(), "distinct members for " + e.getKey());
        }
    }

    @Test
    void shuffledMembersKeepEveryFailoverOrder() {
        List<Member> shuffled = new ArrayList<>(preferences.members);
        Collections.shuffle(shuffled, new Random(11));
        HashRing ring = preferences.ring(shuffled);
        for (Map.Entry<String, String> e : preferences.values.entrySet()) {
            List<String> order = new ArrayList<>();
            for (Member m : ring.preferenceList(e.getKey(), 3))
                order.add(m.name());
            assertTrue(e.getValue().startsWith(String.join(",", order) + ","),
                    "first three of " + e.getKey() + ": " + order + " vs " + e.getValue());
        }
    }

    private static void assertMatches(HashRing ring, GoldenFile golden) {
        int wrong = 0;
        StringBuilder examples = new StringBuilder();
        for (Map.Entry<String, String> e : golden.values.entrySet()) {
            String actual = ring.route(e.getKey()).name();
            if (!actual.equals(e.getValue()) && wrong++ < 5)
                examples.append("\n  ").append(e.getKey()).append(": expected ").append(e.getValue())
                        .append(", got ").append(actual);
        }
        if (wrong > 0)
            fail(wrong + " of " + golden.values.size() + " golden keys changed member" + examples);
    }

    /** One golden TSV: header lines name the ring, then key and value columns. */
    private static final class GoldenFile {
        final Map<String, Integer> weights = new LinkedHashMap<>();
        final List<Member> members = new ArrayList<>();
        final Map<String, String> values = new LinkedHashMap<>();
        int virtualNodes;

        static GoldenFile read(String name) throws IOException {
            GoldenFile file = new GoldenFile();
            try (InputStream in = HashRingGoldenTest.class.getResourceAsStream("/golden/" + name)) {
                if (in == null)
                    throw new IOException("golden file /golden/" + name + " is missing from the test classpath");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                boolean columnHeader = true;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    String[] f = line.split("\t");
                    if (line.startsWith("# virtual-nodes\t")) {
                        file.virtualNodes = Integer.parseInt(f[1]);
                    } else if (line.startsWith("# member\t")) {
                        file.weights.put(f[1], Integer.parseInt(f[2]));
                        file.members.add(new Member(f[1], "10.1.2.3", 4822, Integer.parseInt(f[2])));
                    } else if (!line.startsWith("#") && !line.isEmpty()) {
                        if (columnHeader) {
                            columnHeader = false;
                            continue;
                        }
                        if (f.length != 2 || file.values.put(f[0], f[1]) != null)
                            throw new IOException(name + ": malformed or repeated line: " + line);
                    }
                }
            }
            if (file.virtualNodes == 0 || file.members.isEmpty())
                throw new IOException(name + ": header lacks virtual-nodes or members");
            return file;
        }

        HashRing ring(List<Member> members) {
            return HashRing.of(members, virtualNodes);
        }
    }
}
