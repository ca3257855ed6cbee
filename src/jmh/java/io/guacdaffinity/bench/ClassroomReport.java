package io.guacdaffinity.bench;

import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.AffinityKey;
import io.guacdaffinity.routing.NoMemberAvailableException;
import io.guacdaffinity.routing.Router;
import io.guacdaffinity.routing.TestRouter;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A classroom of 60 users on N guacd pods, keyed three ways on this project's ring: by user name,
 * by client IP when the class sits behind 1, 3 or 60 NAT addresses (the ring keyed by the IP
 * string, as the extension's client-ip mode does, which is also what any IP-hash affinity does:
 * one address, one pod), and by client IP with bounded load c = 1.25. Averaged over many random
 * classrooms, because one classroom of 60 is a small sample.
 */
final class ClassroomReport {

    static final int USERS = 60;
    static final int CLASSROOMS = 2000;
    static final double LOAD_FACTOR = 1.25;

    private ClassroomReport() {
    }

    static void print(PrintStream out) {
        out.printf("### A classroom of %d users behind NAT (%d random classrooms each)%n%n", USERS, CLASSROOMS);
        out.println("Busiest pod: users on the fullest pod, averaged over classrooms; peak/mean against "
                + USERS + "/N. Users are spread evenly over the NAT addresses.");
        out.println();
        out.println("| pods | key | NAT addresses | busiest pod (avg users) | peak/mean avg | peak/mean worst |");
        out.println("|---:|---|---:|---:|---:|---:|");
        for (int pods : new int[] {3, 5, 10}) {
            HashRing ring = ring(pods);
            row(out, ring, "user name", 60, false, false);
            for (int nat : new int[] {1, 3, 60})
                row(out, ring, "client IP", nat, true, false);
            for (int nat : new int[] {1, 3})
                row(out, ring, "client IP, bounded c=" + LOAD_FACTOR, nat, true, true);
        }
        out.println();
    }

    /** Where the router places a session that then stays connected. */
    private static Member open(Router router, AffinityKey key) {
        try {
            return router.open(key, m -> m).value();
        }
        catch (NoMemberAvailableException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HashRing ring(int pods) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < pods; i++)
            members.add(new Member("guacd-stateful-" + i, "127.0.0.1", 4822, 1));
        return HashRing.of(members);
    }

    private static void row(PrintStream out, HashRing ring, String label, int nat, boolean byIp, boolean bounded) {
        Random random = new Random(60_000L + 31L * nat + ring.size());
        double sumPeak = 0;
        double worst = 0;
        double mean = USERS / (double) ring.size();
        for (int c = 0; c < CLASSROOMS; c++) {
            String[] addresses = new String[nat];
            for (int a = 0; a < nat; a++)
                addresses[a] = (1 + random.nextInt(223)) + "." + random.nextInt(256) + "."
                        + random.nextInt(256) + "." + (1 + random.nextInt(254));
            int[] loads = new int[ring.size()];
            Router router = TestRouter.over(ring).attempts(1).loadFactor(bounded ? LOAD_FACTOR : 0).build();
            for (int u = 0; u < USERS; u++) {
                AffinityKey key = byIp ? AffinityKey.of(KeyMode.CLIENT_IP, addresses[u % nat])
                        : AffinityKey.of(KeyMode.USER, "class-" + c + "-student-" + u);
                Member chosen = open(router, key);
                loads[ring.members().indexOf(chosen)]++;
            }
            int peak = 0;
            for (int l : loads)
                peak = Math.max(peak, l);
            sumPeak += peak;
            worst = Math.max(worst, peak / mean);
        }
        out.printf("| %d | %s | %s | %.1f | %.2f | %.2f |%n", ring.size(), label, byIp ? String.valueOf(nat) : "any",
                sumPeak / CLASSROOMS, sumPeak / CLASSROOMS / mean, worst);
    }
}
