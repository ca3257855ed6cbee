package io.guacdaffinity.ring;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Balance at default settings over 10^6 keys, for five realistic sets of member names per ring
 * size. peak/mean is the busiest member's key count over the average count.
 */
class HashRingBalanceTest {

    private static final long[] keyHashes = RingFixtures.millionKeyHashes();
    private static final int KEYS = keyHashes.length;

    @ParameterizedTest(name = "N={0}: average peak/mean <= {1}, worst <= {2}")
    @CsvSource({"3, 1.05, 1.08", "5, 1.05, 1.08", "10, 1.05, 1.08", "50, 1.08, 1.10"})
    void peakOverMeanStaysWithinBounds(int n, double averageBound, double worstBound) {
        List<Double> ratios = new ArrayList<>();
        for (List<String> names : RingFixtures.nameSets(n)) {
            HashRing ring = HashRing.of(RingFixtures.members(names));
            assertEquals(HashRing.DEFAULT_VIRTUAL_NODES, ring.virtualNodes());
            long[] counts = RingFixtures.counts(ring, keyHashes);
            long peak = 0;
            for (long c : counts)
                peak = Math.max(peak, c);
            ratios.add(peak / ((double) KEYS / n));
        }
        double average = ratios.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double worst = ratios.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        System.out.printf("balance N=%d: peak/mean per name set %s, average %.4f, worst %.4f%n",
                n, format(ratios), average, worst);
        assertEquals(5, ratios.size());
        assertTrue(average <= averageBound, "average peak/mean " + average + " over " + ratios);
        assertTrue(worst <= worstBound, "worst peak/mean " + worst + " over " + ratios);
    }

    @Test
    void weightedMembersGetProportionallyMoreKeys() {
        List<Member> members = List.of(RingFixtures.member("guacd-small", 1),
                RingFixtures.member("guacd-medium", 2), RingFixtures.member("guacd-large", 4));
        HashRing ring = HashRing.of(members);
        assertEquals(7L * HashRing.DEFAULT_VIRTUAL_NODES, ring.pointCount());
        long[] counts = RingFixtures.counts(ring, keyHashes);
        for (int i = 0; i < ring.size(); i++) {
            Member m = ring.members().get(i);
            double expected = KEYS * m.weight() / 7.0;
            double ratio = counts[i] / expected;
            assertTrue(Math.abs(ratio - 1) < 0.05,
                    m.name() + " (weight " + m.weight() + ") owns " + counts[i] + " keys, expected about "
                            + Math.round(expected));
        }
    }

    private static String format(List<Double> ratios) {
        StringBuilder s = new StringBuilder("[");
        for (double r : ratios)
            s.append(s.length() == 1 ? "" : ", ").append(String.format("%.4f", r));
        return s.append(']').toString();
    }
}
