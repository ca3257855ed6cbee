package io.guacdaffinity.guacamole;

import io.guacdaffinity.dnstest.HeadlessService;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.routing.LiveKeys;
import io.guacdaffinity.testing.GuacdDouble;
import io.guacdaffinity.testing.ServedSession;

import org.apache.guacamole.net.GuacamoleTunnel;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rolling update of guacd as the extension sees it (issue 8): pod B fails its readiness probe
 * while it drains, so it leaves the headless Service's SRV answer, served here by a real DNS
 * server; later a new pod comes back under B's name. Nobody's session may break on the way.
 */
class SrvDrainIT extends SrvGuacdsPerTest {

    /** CoreDNS's TTL is 5 s (30 s in kubeadm's Corefile); shorter here so the test runs quickly. */
    private static final long TTL_SECONDS = 2;
    private static final int REFRESH_MIN_SECONDS = 1;
    private static final int REFRESH_MAX_SECONDS = 3;
    /** What docs/operations.md promises: every replica sees a change of the SRV answer within TTL + refresh-max. */
    private static final Duration SEE_A_CHANGE = Duration.ofSeconds(TTL_SECONDS + REFRESH_MAX_SECONDS);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final String B = HeadlessService.podName(2);

    /** {@code count} user names, from {@code prefix}0 on, whose key the ring gives (or does not give) to B. */
    private static List<String> users(HashRing ring, String prefix, boolean ownedByB, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < count; i++) {
            String user = prefix + i;
            if (ring.route("user:" + user).name().equals(B) == ownedByB)
                out.add(user);
        }
        return out;
    }

    /** Where {@code user}'s key has live tunnels, member by member, the earliest first. */
    private List<LiveKeys.LiveKey> liveOf(String user) {
        List<LiveKeys.LiveKey> out = new ArrayList<>();
        for (LiveKeys.LiveKey k : pods.service().router().liveKeys().snapshot())
            if (k.key().equals("user:" + user))
                out.add(k);
        return out;
    }

    private List<String> liveMembersOf(String user) {
        List<String> out = new ArrayList<>();
        liveOf(user).forEach(k -> out.add(k.member()));
        return out;
    }

    @Test
    void aDrainingPodKeepsItsLiveSessionTakesNoNewOnesAndIsUsedAgainWhenBack() throws Exception {
        pods = SrvGuacds.start(3, TTL_SECONDS, REFRESH_MIN_SECONDS, REFRESH_MAX_SECONDS, 0, 1, 2);
        HashRing full = pods.ring();
        assertEquals(3, full.size());
        GuacdDouble b = pods.pod(B);

        // Before the update: anna works on B; ben and carl used B earlier today; dora is elsewhere.
        List<String> onB = users(full, "pupil-", true, 3);
        String anna = onB.get(0);
        String ben = onB.get(1);
        String carl = onB.get(2);
        String dora = users(full, "pupil-", false, 1).get(0);
        GuacamoleTunnel annaOnB = pods.connect(anna);
        assertEquals(B, pods.servedBy(annaOnB));
        String annaId = SrvGuacds.idOf(annaOnB);
        for (String earlier : List.of(ben, carl)) {
            GuacamoleTunnel t = pods.connect(earlier);
            assertEquals(B, pods.servedBy(t));
            t.close();
            assertEquals(List.of(), liveMembersOf(earlier), "a key is forgotten with its last tunnel");
        }
        GuacamoleTunnel doraTunnel = pods.connect(dora);
        String doraHost = pods.servedBy(doraTunnel);
        assertNotEquals(B, doraHost);
        ClientSide.readSyncsStampedAfter(annaOnB, System.currentTimeMillis(), 2);

        // B starts draining: its readiness fails, it leaves the endpoints and the SRV answer.
        pods.ready(0, 1);
        long leftAt = System.currentTimeMillis();
        Duration sawLeave = pods.awaitRing(r -> !r.contains(B), WAIT, B + " leaving the ring");
        assertTrue(sawLeave.compareTo(SEE_A_CHANGE) <= 0, "the ring dropped " + B + " after " + sawLeave.toMillis()
                + " ms, more than TTL + refresh-max = " + SEE_A_CHANGE.toMillis() + " ms");
        HashRing drained = pods.ring();
        assertEquals(2, drained.size());

        // Anna's session is untouched: still open on B, still counted there, still streaming.
        assertTrue(annaOnB.isOpen());
        long droppedAt = leftAt + sawLeave.toMillis();
        ClientSide.readSyncsStampedAfter(annaOnB, droppedAt, 3);
        assertTrue(b.liveConnectionIds().contains(annaId));
        assertEquals(1, pods.service().router().loads().liveTunnels(B));
        assertEquals(List.of(B), liveMembersOf(anna), "anna's live tunnel stays counted on B");

        // Newcomers avoid B, including those whose key B owns on the full ring.
        List<String> newcomersOfB = users(full, "newcomer-", true, 10);
        List<String> newcomers = new ArrayList<>(newcomersOfB);
        newcomers.addAll(users(full, "newcomer-", false, 20));
        for (String user : newcomers) {
            String served = pods.servedBy(pods.connect(user));
            assertNotEquals(B, served, user + " was sent to the draining pod");
            assertEquals(drained.route("user:" + user).name(), served, user);
        }
        for (String user : newcomersOfB)
            assertEquals(full.preferenceList("user:" + user).get(1).name(), pods.servedBy(pods.connect(user)),
                    user + " should get the next pod of its preference list");

        // Keys of B follow the ring on their next connect: ben's, and anna's second tab, which cannot join
        // her first on a pod that left the ring.
        String benNow = pods.servedBy(pods.connect(ben));
        assertEquals(drained.route("user:" + ben).name(), benNow);
        assertEquals(List.of(benNow), liveMembersOf(ben));
        GuacamoleTunnel annaSecondTab = pods.connect(anna);
        String annaNow = pods.servedBy(annaSecondTab);
        assertEquals(drained.route("user:" + anna).name(), annaNow);
        assertEquals(List.of(B, annaNow), liveMembersOf(anna));
        assertEquals(List.of(), liveMembersOf(carl), "carl has not connected since: nothing is kept for him");

        // Still streaming after all that, and a teacher can still watch it on B.
        long lastSync = ClientSide.readSyncsStampedAfter(annaOnB, System.currentTimeMillis(), 2);
        GuacamoleTunnel watch = monitor(annaOnB);
        assertEquals(B, pods.servedBy(watch));
        assertTrue(Poll.until(() -> b.served(annaId).size() == 2, WAIT), "the join never reached " + B);
        watch.close();

        // Anna ends her session: the client closes the tunnel, and the pod sees her go.
        Instant closedByClient = Instant.now();
        annaOnB.close();
        assertTrue(Poll.until(() -> !b.served(annaId).get(0).isOpen(), WAIT), B + " never saw the client close");
        ServedSession ended = b.served(annaId).get(0);
        // the teacher's join may still be leaving on the double's side: the connection ends with its last user
        assertTrue(Poll.until(() -> !b.liveConnectionIds().contains(annaId), WAIT), annaId + " still live on " + B);
        assertTrue(Poll.until(() -> b.liveSessions() == 0, WAIT), "sessions left on " + B + ": " + b.liveSessions());
        assertEquals(0, pods.service().router().loads().liveTunnels(B));
        assertEquals(List.of(annaNow), liveMembersOf(anna));
        assertEquals(1, liveOf(anna).get(0).tunnels(), "closing the old tunnel must not release the new tab's count");
        assertTrue(annaSecondTab.isOpen());
        assertTrue(doraTunnel.isOpen());
        assertEquals(doraHost, pods.servedBy(pods.connect(dora)), "dora's pod never changed");

        // The new pod comes back under B's name and gets B's keys again.
        pods.ready(0, 1, 2);
        Duration sawReturn = pods.awaitRing(r -> r.contains(B), WAIT, B + " rejoining the ring");
        assertTrue(sawReturn.compareTo(SEE_A_CHANGE) <= 0, "the ring took " + B + " back after "
                + sawReturn.toMillis() + " ms, more than TTL + refresh-max = " + SEE_A_CHANGE.toMillis() + " ms");
        assertEquals(full.members(), pods.ring().members());
        for (String user : users(full, "back-", true, 10))
            assertEquals(B, pods.servedBy(pods.connect(user)), user + " is B's again");
        assertEquals(B, pods.servedBy(pods.connect(carl)), "carl's key is B's on the ring again");
        assertEquals(benNow, pods.servedBy(pods.connect(ben)), "ben's tunnel elsewhere is still open: a new tab joins it");
        assertEquals(annaNow, pods.servedBy(pods.connect(anna)), "so does anna's");

        System.out.printf("SRV drain: %s left the ring %d ms and came back %d ms after the SRV answer changed"
                + " (TTL %d s + refresh-max %d s = %d ms); anna's session on it still streamed %d ms after the"
                + " extension dropped it, until her client ended it (the pod recorded the close %d ms later);"
                + " %d newcomers, %d of them %s's on the full ring, all went elsewhere%n", B, sawLeave.toMillis(), sawReturn.toMillis(), TTL_SECONDS,
                REFRESH_MAX_SECONDS, SEE_A_CHANGE.toMillis(), lastSync - droppedAt,
                Duration.between(closedByClient, ended.closedAt()).toMillis(), newcomers.size(),
                newcomersOfB.size(), B);
    }

    /** An administrator watching the session of {@code tunnel} through the active-connection directory. */
    private GuacamoleTunnel monitor(GuacamoleTunnel tunnel) throws Exception {
        return ActiveSessions.join(pods.login(ActiveSessions.listing("teacher", "active-anna", tunnel), "teacher"),
                "active-anna");
    }
}
