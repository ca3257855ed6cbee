package io.guacdaffinity.load;

import io.guacdaffinity.dnstest.GuacdPods;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.RouteDecision;
import io.guacdaffinity.routing.Router;
import io.guacdaffinity.testing.GuacdDouble;
import io.guacdaffinity.tunnel.TunnelRouter;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.protocol.ConfiguredGuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleClientInformation;

import java.util.Map;

/**
 * Opens one connection for a simulated user through the decorated user context, exactly as the
 * web application's tunnel request does, and records what happened: the ledger's stamps, the
 * extension's decision line, the double that really served it, and (for first connections) a
 * direct connect to the same double for the overhead comparison.
 */
final class Connector {

    static final String CONNECTION = "desktop";

    private final Router router;
    private final GuacdPods pods;
    private final Ledger ledger;
    private final Overhead overhead;
    private final Findings findings;

    Connector(Router router, GuacdPods pods, Ledger ledger, Overhead overhead, Findings findings) {
        this.router = router;
        this.pods = pods;
        this.ledger = ledger;
        this.overhead = overhead;
        this.findings = findings;
    }

    /** A connect of {@code user}; the session has failed set when the user got an error. */
    Session connect(SimulatedUser user, boolean second) {
        boolean directFirst = !second && overhead.nextDirectFirst();
        DirectTunnel.Timing direct = null;
        if (directFirst) {
            RouteDecision preview = router.decide(user.key);
            if (preview != null)
                direct = directTo(user, preview.member().name());
        }

        HashRing before = router.ring();
        Session s = ledger.begin(user.name, second);
        s.ringSizeBefore = before == null ? 0 : before.size();
        DecisionLog.expect();
        long cpu = DirectTunnel.cpuNanos();
        long start = System.nanoTime();
        GuacamoleTunnel tunnel;
        try {
            tunnel = user.decorated.getConnectionDirectory().get(CONNECTION)
                    .connect(new GuacamoleClientInformation(), user.tokens);
        }
        catch (GuacamoleException | RuntimeException e) {
            s.waitNanos = System.nanoTime() - start;
            DecisionLog.take();
            ledger.failed(s, e.toString());
            findings.lost.incrementAndGet();
            findings.problem("connect of " + user.name + " failed: " + e);
            return s;
        }
        long wall = System.nanoTime() - start;
        s.waitNanos = wall;
        cpu = DirectTunnel.cpuNanos() - cpu;
        String line = DecisionLog.take();
        HashRing after = router.ring();

        s.tunnel = tunnel;
        s.ringSizeAfter = after == null ? 0 : after.size();
        s.connectionId = ((ConfiguredGuacamoleSocket) tunnel.getSocket()).getConnectionID();
        s.decision = decision(line);
        s.servedBy = issuer(s.connectionId);
        if (s.servedBy == null) {
            findings.problem("no guacd double issued " + s.connectionId + " (" + user.name + ")");
            s.servedBy = s.decision == null ? "unknown" : s.decision.member;
        }
        if (s.decision == null)
            findings.problem("no routing decision was logged for " + user.name + " (the harness reads the"
                    + " extension's INFO line from " + TunnelRouter.class.getName() + ")");
        else if (!s.decision.member.equals(s.servedBy))
            findings.problem("the log says " + user.name + " went to " + s.decision.member + " but "
                    + s.servedBy + " issued " + s.connectionId);
        recordLoad(s, after);
        ledger.opened(s, s.servedBy);

        findings.connects.incrementAndGet();
        if ((before == null || before.member(s.servedBy) == null) && (after == null || after.member(s.servedBy) == null)) {
            findings.notInRing.incrementAndGet();
            findings.problem(user.name + " landed on " + s.servedBy + ", a member of neither the ring before nor after");
        }
        if (s.decision != null && s.decision.unreachable > 0) {
            findings.retriedPastDead.incrementAndGet();
            findings.deadAttempts.addAndGet(s.decision.unreachable);
        }
        if (s.decision != null && s.decision.allFull)
            findings.allFullFallbacks.incrementAndGet();

        if (!second) {
            if (!directFirst)
                direct = directTo(user, s.servedBy);
            if (direct != null && s.decision != null && s.decision.unreachable == 0)
                overhead.add(wall, cpu, direct);
        }
        return s;
    }

    private void recordLoad(Session s, HashRing ring) {
        if (ring == null)
            return;
        Map<String, Long> down = router.health().downMembers();
        for (Member m : ring.members()) {
            s.liveOnRingBefore += ledger.live(m.name());
            if (!down.containsKey(m.name()))
                s.membersUpBefore++;
        }
        s.liveOnMemberBefore = ledger.live(s.servedBy);
    }

    /** Closes a session's tunnel as Guacamole does when the user leaves or the tunnel broke. */
    void close(Session s) {
        ledger.closing(s);
        try {
            s.tunnel.close();
        }
        catch (GuacamoleException | RuntimeException e) {
            // a tunnel to a killed guacd may complain; it is released all the same
        }
        ledger.closed(s);
    }

    private Decision decision(String line) {
        if (line == null)
            return null;
        try {
            return Decision.parse(line);
        }
        catch (IllegalArgumentException e) {
            findings.problem(e.getMessage());
            return null;
        }
    }

    private String issuer(String connectionId) {
        for (GuacdDouble d : pods.all())
            if (d.issued(connectionId))
                return d.name();
        return null;
    }

    private DirectTunnel.Timing directTo(SimulatedUser user, String member) {
        GuacdDouble d = pods.find(member);
        // a frozen guacd would hold the direct connect until its socket timeout
        if (d == null || !d.isRunning() || d.isFrozen())
            return null;
        try {
            return DirectTunnel.measure(user.inner, CONNECTION, user.tokens, d.host(), d.port());
        }
        catch (GuacamoleException e) {
            return null;
        }
    }
}
