package io.guacdaffinity.ring;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Writes the golden-vector files that pin the ring's key to member mapping forever.
 *
 * <p>Run it only when a mapping change is intended (it never is for a released version: every
 * Guacamole replica would move its sessions), either as
 * {@code mvn -B -q -Dtest=HashRingGoldenTest -Dgolden.regenerate=true test} or through
 * {@link #main(String[])} with the output directory as argument. The files carry the member
 * names, weights and virtual nodes in their header, so the test rebuilds the ring from the file
 * alone.
 */
public final class GoldenRingFiles {

    static final String ROUTES = "ring-10000.tsv";
    static final String PREFERENCES = "ring-preference-200.tsv";
    static final int KEY_COUNT = 10_000;
    static final int PREFERENCE_KEY_COUNT = 200;
    static final String CHECKSUM = "ring-1000000.crc32";
    static final int CHECKSUM_KEY_COUNT = 1_000_000;

    private GoldenRingFiles() {
    }

    /** Five StatefulSet pods and one larger pod at weight 2. */
    static List<Member> members() {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 5; i++)
            members.add(new Member("guacd-stateful-" + i, "guacd-stateful-" + i + ".guacd-headless", 4822, 1));
        members.add(new Member("guacd-large-0", "guacd-large-0.guacd-headless", 4822, 2));
        return members;
    }

    /** Fixed keys in the shapes the extension routes by: users, sessions, client IPs, connections. */
    static List<String> keys() {
        SplittableRandom random = new SplittableRandom(20_240_601L);
        String[] unicodeNames = {"zoë", "jürgen", "学生", "Ünal", "محمد", "łukasz", "ana-maría"};
        List<String> keys = new ArrayList<>(KEY_COUNT);
        for (int i = 0; i < KEY_COUNT; i++) {
            switch (i % 5) {
                case 0:
                    keys.add(String.format("student-%04d", i / 5));
                    break;
                case 1:
                    keys.add(String.format("%016x%016x", random.nextLong(), random.nextLong()));
                    break;
                case 2:
                    keys.add("10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256));
                    break;
                case 3:
                    keys.add("connection/" + (i / 5));
                    break;
                default:
                    keys.add(unicodeNames[(i / 5) % unicodeNames.length] + "." + (i / 5));
                    break;
            }
        }
        return keys;
    }

    static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        HashRing ring = HashRing.of(members());
        List<String> keys = keys();
        try (Writer out = Files.newBufferedWriter(dir.resolve(ROUTES), StandardCharsets.UTF_8)) {
            header(out, ring, "key -> member");
            out.write("key\tmember\n");
            for (String key : keys)
                out.write(key + "\t" + ring.route(key).name() + "\n");
        }
        try (Writer out = Files.newBufferedWriter(dir.resolve(CHECKSUM), StandardCharsets.UTF_8)) {
            header(out, ring, "CRC-32 over " + CHECKSUM_KEY_COUNT + " keys' owners, see GoldenRingFiles.checksum");
            out.write(Long.toHexString(checksum(ring)) + "\n");
        }
        try (Writer out = Files.newBufferedWriter(dir.resolve(PREFERENCES), StandardCharsets.UTF_8)) {
            header(out, ring, "key -> full failover order");
            out.write("key\tpreference\n");
            for (String key : keys.subList(0, PREFERENCE_KEY_COUNT)) {
                StringBuilder order = new StringBuilder();
                for (Member m : ring.preferenceList(key))
                    order.append(order.length() == 0 ? "" : ",").append(m.name());
                out.write(key + "\t" + order + "\n");
            }
        }
    }

    /**
     * CRC-32 of "key\tmember\n" for a million keys of the four shapes ({@code user:student-N},
     * {@code session:N}, {@code client-ip:10.x.y.z}, {@code connection:postgresql/N}): every key's
     * owner pinned in one number, where a file of a million lines would be too large to commit.
     */
    static long checksum(HashRing ring) {
        CRC32 crc = new CRC32();
        StringBuilder line = new StringBuilder(64);
        for (int i = 0; i < CHECKSUM_KEY_COUNT; i++) {
            line.setLength(0);
            switch (i % 4) {
                case 0:
                    line.append("user:student-").append(i);
                    break;
                case 1:
                    line.append("session:").append(Long.toHexString(i * 0x9E3779B97F4A7C15L));
                    break;
                case 2:
                    line.append("client-ip:10.").append((i >> 16) & 255).append('.').append((i >> 8) & 255).append('.')
                            .append(i & 255);
                    break;
                default:
                    line.append("connection:postgresql/").append(i);
                    break;
            }
            String key = line.toString();
            line.append('\t').append(ring.route(key).name()).append('\n');
            crc.update(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        return crc.getValue();
    }

    private static void header(Writer out, HashRing ring, String what) throws IOException {
        out.write("# Golden vectors for io.guacdaffinity.ring.HashRing (" + what + ").\n");
        out.write("# If HashRingGoldenTest fails, routing changed and every deployment would move sessions.\n");
        out.write("# Generated by io.guacdaffinity.ring.GoldenRingFiles; regenerate only on purpose:\n");
        out.write("#   mvn -B -q -Dtest=HashRingGoldenTest -Dgolden.regenerate=true test\n");
        out.write("# virtual-nodes\t" + ring.virtualNodes() + "\n");
        for (Member m : ring.members())
            out.write("# member\t" + m.name() + "\t" + m.weight() + "\n");
    }

    public static void main(String[] args) throws IOException {
        Path dir = Paths.get(args.length > 0 ? args[0] : "src/test/resources/golden");
        write(dir);
        System.out.println("wrote " + dir.resolve(ROUTES) + ", " + dir.resolve(PREFERENCES) + " and " + dir.resolve(CHECKSUM));
    }
}
