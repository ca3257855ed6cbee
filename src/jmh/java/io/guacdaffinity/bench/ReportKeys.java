package io.guacdaffinity.bench;

import io.guacdaffinity.ring.HashRing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The report's keys, hashed once: the 64-bit key hash the extension uses (XXH3 via
 * {@link HashRing#hashKey}) for every method, and ketama's own MD5-based 32-bit key hash.
 */
final class ReportKeys {

    final String[] keys;
    final long[] xxh3;
    final int[] md5;

    ReportKeys(String[] keys) {
        this.keys = keys;
        this.xxh3 = new long[keys.length];
        this.md5 = new int[keys.length];
        MessageDigest digest = md5();
        for (int k = 0; k < keys.length; k++) {
            xxh3[k] = HashRing.hashKey(keys[k]);
            md5[k] = ketamaHash(digest.digest(keys[k].getBytes(StandardCharsets.UTF_8)), 0);
        }
    }

    static ReportKeys students(int count) {
        String[] keys = new String[count];
        for (int k = 0; k < count; k++)
            keys[k] = "student-" + k;
        return new ReportKeys(keys);
    }

    int size() {
        return keys.length;
    }

    /** Four little-endian bytes of an MD5 digest starting at {@code 4 x h}, as libketama reads them. */
    static int ketamaHash(byte[] digest, int h) {
        return (digest[3 + h * 4] & 0xFF) << 24 | (digest[2 + h * 4] & 0xFF) << 16
                | (digest[1 + h * 4] & 0xFF) << 8 | (digest[h * 4] & 0xFF);
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks MD5", e);
        }
    }
}
