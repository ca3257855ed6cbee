package io.guacdaffinity.guacamole;

import io.guacdaffinity.ring.HashRing;

import org.apache.guacamole.net.GuacamoleTunnel;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole extension as deployed: members from a real DNS server's SRV records (a headless
 * Service's), tunnels to guacd doubles, and a scale-up from three to five pods under live sessions.
 */
class SrvRoutingIT extends SrvGuacdsPerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void srvMembersRouteAndAScaleUpMovesNoLiveSession() throws Exception {
        pods = SrvGuacds.start(5, 1, 1, 2, 0, 1, 2);
        HashRing before = pods.ring();
        assertEquals(3, before.size());

        Map<String, GuacamoleTunnel> live = new HashMap<>();
        Map<String, String> where = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            String user = "srv-user" + i;
            GuacamoleTunnel t = pods.connect(user);
            assertEquals(before.route("user:" + user).name(), pods.servedBy(t));
            live.put(user, t);
            where.put(user, pods.servedBy(t));
        }

        pods.ready(0, 1, 2, 3, 4);
        pods.awaitRing(r -> r.size() == 5, WAIT, "the ring growing to five");
        HashRing after = pods.ring();
        int ownerChanged = 0;
        for (Map.Entry<String, GuacamoleTunnel> e : live.entrySet()) {
            String user = e.getKey();
            assertTrue(e.getValue().isOpen());
            if (!after.route("user:" + user).name().equals(where.get(user)))
                ownerChanged++;
            assertEquals(where.get(user), pods.servedBy(pods.connect(user)), user + " has live sessions and must stay");
        }
        assertTrue(ownerChanged > 0, "the bigger ring should own some users elsewhere");
        int onNewPods = 0;
        for (int i = 0; i < 60; i++) {
            String user = "srv-newcomer" + i;
            String served = pods.servedBy(pods.connect(user));
            assertEquals(after.route("user:" + user).name(), served);
            if (served.equals("guacd-stateful-3") || served.equals("guacd-stateful-4"))
                onNewPods++;
        }
        assertTrue(onNewPods > 0, "no newcomer landed on the new pods");
        System.out.printf("SRV routing: %d of 60 live users would move under the 5-pod ring and stayed;"
                + " %d of 60 newcomers went to the new pods%n", ownerChanged, onNewPods);
    }
}
