package io.guacdaffinity.bench;

import io.guacdaffinity.bench.PlacementMethod.Assignment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * ketama as libketama does it: 160 points per member, four per MD5 digest of
 * {@code "<name>-<i>"} for i in 0..39; a key's point is the first four bytes of its own MD5
 * digest; the key goes to the first point at or after it (32-bit circle).
 */
final class KetamaPlacement {

    static final int POINTS_PER_MEMBER = 160;

    static final PlacementMethod METHOD = new PlacementMethod("ketama (" + POINTS_PER_MEMBER + " points, MD5)",
            KetamaPlacement::build);

    private KetamaPlacement() {
    }

    static Assignment build(List<String> members) {
        MessageDigest md5 = ReportKeys.md5();
        long[] points = new long[members.size() * POINTS_PER_MEMBER];
        int p = 0;
        for (int m = 0; m < members.size(); m++) {
            for (int i = 0; i < POINTS_PER_MEMBER / 4; i++) {
                byte[] digest = md5.digest((members.get(m) + "-" + i).getBytes(StandardCharsets.UTF_8));
                for (int h = 0; h < 4; h++)
                    points[p++] = (Integer.toUnsignedLong(ReportKeys.ketamaHash(digest, h)) << 20) | m;
            }
        }
        Arrays.sort(points);
        return (keys, k) -> {
            long target = Integer.toUnsignedLong(keys.md5[k]) << 20;
            int i = Arrays.binarySearch(points, target);
            if (i < 0)
                i = -i - 1;
            return (int) (points[i == points.length ? 0 : i] & 0xFFFFF);
        };
    }
}
