package io.guacdaffinity.load;

import io.guacdaffinity.dnstest.GuacdPods;
import io.guacdaffinity.dnstest.HeadlessService;
import io.guacdaffinity.guacamole.AffinityAuthenticationProvider;
import io.guacdaffinity.guacamole.AffinityService;
import io.guacdaffinity.guacamole.Poll;
import io.guacdaffinity.membership.RingSource;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.routing.Router;
import io.guacdaffinity.testing.GuacdDouble;
import io.guacdaffinity.testing.ServedSession;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs one {@link Scenario} against the real provider: guacd doubles as the StatefulSet's pods,
 * members from a real DNS server, simulated users throughout, and six stretches of the lengths the
 * scenario gives, each opened by a change:
 * <pre>
 *   users arrive     every user's first connect falls within the scenario's arrival time
 *   steady           the busiest guacd hangs (frozen: connects accepted, nothing answered) for
 *                    {@link #HUNG_MILLIS}, then is thawed; the router's health checks must mark it
 *                    down within {@link #DETECTION_BOUND_MILLIS}
 *   one guacd dead   the busiest guacd other than the hung one is killed (its SRV record stays, as before a readiness probe notices)
 *   after its restart  it is restarted on the same address and port
 *   scaled up        two more pods get SRV records
 *   after the scale-down  their records go again; they drain (keep their live sessions)
 * </pre>
 * and at the end every user leaves. Each stretch's change is the instant it took effect where the
 * router can see it: the kill itself, the first instant after the restart at which the router no
 * longer held the guacd down, the first ring with the new members. Its turnover is when the last
 * session open at the change ended, measured from the sessions' own records.
 */
final class LoadRun {

    /** The extension's refresh interval in the run: look again after the TTL, within [1, 2] s. */
    static final int REFRESH_MIN_SECONDS = 1;
    static final int REFRESH_MAX_SECONDS = 2;
    /** A DNS change must reach the ring within the record TTL plus the longest refresh interval. */
    static final long DNS_BOUND_MILLIS = (GuacdPods.TTL_SECONDS + REFRESH_MAX_SECONDS) * 1000L;
    static final int DOWN_COOLDOWN_SECONDS = 3;
    /** guacd-affinity-health-interval and -connect-timeout (also the health check's timeout) in the run. */
    static final int HEALTH_INTERVAL_SECONDS = 1;
    static final int CONNECT_TIMEOUT_MILLIS = 1000;
    /** A hung member must be marked down within 2 check intervals plus one check timeout. */
    static final long DETECTION_BOUND_MILLIS = 2 * HEALTH_INTERVAL_SECONDS * 1000L + CONNECT_TIMEOUT_MILLIS;
    /** Room for a busy machine's scheduling on the detection and return bounds. */
    static final long HEALTH_SLACK_MILLIS = 1000;
    /** How long the hung guacd stays frozen: the detection bound and 2 s after it. */
    static final long HUNG_MILLIS = DETECTION_BOUND_MILLIS + 2000;

    private final Scenario scenario;
    private final Path outDir;

    LoadRun(Scenario scenario, Path outDir) {
        this.scenario = scenario;
        this.outDir = outDir;
    }

    static Map<String, String> properties(Scenario scenario, GuacdPods pods) {
        Map<String, String> p = HeadlessService.membershipProperties(pods.dnsServer(), 1000, REFRESH_MIN_SECONDS,
                REFRESH_MAX_SECONDS);
        p.put("guacd-affinity-srv-host-template", "127.0.1.{ordinal}");
        p.put("guacd-affinity-key", scenario.keyMode);
        // always explicit: 0 is the pure ring, whatever the default is
        p.put("guacd-affinity-load-factor", scenario.bounded() ? String.valueOf(scenario.loadFactor) : "0");
        p.put("guacd-affinity-down-cooldown", String.valueOf(DOWN_COOLDOWN_SECONDS));
        p.put("guacd-affinity-connect-timeout", String.valueOf(CONNECT_TIMEOUT_MILLIS));
        p.put("guacd-affinity-health-interval", String.valueOf(HEALTH_INTERVAL_SECONDS));
        MetricsScraper.configure(p);
        return p;
    }

    RunResult run() throws IOException, InterruptedException {
        RunResult result = new RunResult(scenario);
        result.dnsBoundMillis = DNS_BOUND_MILLIS;
        long began = System.nanoTime();
        try (GuacdPods pods = GuacdPods.start(scenario.pods);
             DecisionLog log = DecisionLog.install(outDir.resolve("load").resolve(scenario.id() + ".log"))) {
            AffinityAuthenticationProvider provider = new AffinityAuthenticationProvider(properties(scenario, pods)::get);
            try (MetricsScraper scraper = MetricsScraper.everySecond(provider.getService().orElseThrow().metricsPort())) {
                run(provider, pods, result);
            }
            finally {
                provider.shutdown();
            }
        }
        result.durationMillis = (System.nanoTime() - began) / 1_000_000L;
        return result;
    }

    private void run(AffinityAuthenticationProvider provider, GuacdPods pods, RunResult result)
            throws IOException, InterruptedException {
        AffinityService service = provider.getService().orElseThrow(() -> new IllegalStateException(
                "the provider is not routing: " + provider.getStatus().report().notes));
        if (service.membershipStatus().source() != RingSource.SRV || service.router().ring().size() != scenario.pods)
            throw new IllegalStateException("the provider did not start with " + scenario.pods + " SRV members: "
                    + service.membershipStatus());
        Router router = service.router();
        Ledger ledger = new Ledger();
        Findings findings = new Findings();
        Overhead overhead = new Overhead();
        Connector connector = new Connector(router, pods, ledger, overhead, findings);
        Crowd crowd = new Crowd(scenario, provider, connector, findings, pods);
        List<Session> atScaleUp;
        List<Session> onRemovedPods = new ArrayList<>();
        Set<String> added = new TreeSet<>();
        long start = System.nanoTime();
        LiveSampler sampler = new LiveSampler(router, pods, ledger, start);
        int n = Scenario.STRETCHES.length;
        long[] from = new long[n];
        long[] change = new long[n];
        Instant killStarted;
        long killedAt;
        long restartedAt;
        Instant killEnded;
        HashRing scaledRing;
        HashRing restartRing;
        long endedAt;
        long frozenAt;
        long detectedAt;
        long thawedAt;
        long hungBackAt;
        try (RingWatch watch = new RingWatch(router)) {
            from[Scenario.ARRIVE] = change[Scenario.ARRIVE] = start;
            crowd.start(scenario.arrivalMillis);

            sleepUntil(start, scenario.end(Scenario.ARRIVE));
            GuacdDouble hung = busiest(pods, ledger, null);
            result.hung = hung.name();
            frozenAt = System.nanoTime();
            hung.freeze();
            from[Scenario.STEADY] = frozenAt;
            detectedAt = markedDown(router, hung.name(), frozenAt + HUNG_MILLIS * 1_000_000L);
            result.hungDetectedMillis = detectedAt < 0 ? -1 : (detectedAt - frozenAt) / 1_000_000L;
            sleepUntil(frozenAt, HUNG_MILLIS);
            thawedAt = System.nanoTime();
            hung.thaw();
            long back = notDown(router, hung.name(), thawedAt,
                    thawedAt + (HEALTH_INTERVAL_SECONDS * 1000L + HEALTH_SLACK_MILLIS) * 2_000_000L);
            result.hungUsableMillis = back < 0 ? -1 : (back - thawedAt) / 1_000_000L;
            hungBackAt = back < 0 ? System.nanoTime() : back;
            // as after the restart: the balance is measured from the instant the router uses it again
            change[Scenario.STEADY] = hungBackAt;

            sleepUntil(start, scenario.end(Scenario.STEADY));
            GuacdDouble victim = busiest(pods, ledger, hung);
            // One key on the pure ring has every session on one guacd: kill that one, hung earlier or not.
            if (ledger.live(victim.name()) == 0)
                victim = busiest(pods, ledger, null);
            result.killed = victim.name();
            killStarted = Instant.now();
            killedAt = System.nanoTime();
            victim.stop();
            killEnded = Instant.now();
            crowd.killed(victim.name(), ledger.now());
            from[Scenario.DEAD] = change[Scenario.DEAD] = killedAt;

            sleepUntil(start, scenario.end(Scenario.DEAD));
            victim.restart();
            restartedAt = System.nanoTime();
            restartRing = router.ring();
            from[Scenario.RESTARTED] = restartedAt;
            change[Scenario.RESTARTED] = usableAgain(router, victim.name(), restartedAt);
            result.restartUsableMillis = change[Scenario.RESTARTED] < 0 ? -1
                    : (change[Scenario.RESTARTED] - restartedAt) / 1_000_000L;
            if (change[Scenario.RESTARTED] < 0)
                change[Scenario.RESTARTED] = restartedAt;

            sleepUntil(start, scenario.end(Scenario.RESTARTED));
            int bigger = scenario.pods + scenario.addedPods;
            long published = System.nanoTime();
            pods.scaleTo(bigger);
            long seen = watch.awaitMembers(new TreeSet<>(pods.publishedNames()), published, 10_000);
            result.dnsUpMillis = seen < 0 ? -1 : (seen - published) / 1_000_000L;
            from[Scenario.SCALED_UP] = change[Scenario.SCALED_UP] = seen < 0 ? System.nanoTime() : seen;
            scaledRing = router.ring();
            crowd.scaledUp();
            atScaleUp = crowd.openSessions();
            result.liveAtScaleUp = atScaleUp.size();
            for (int i = scenario.pods; i < bigger; i++)
                added.add(HeadlessService.podName(i));

            sleepUntil(start, scenario.end(Scenario.SCALED_UP));
            published = System.nanoTime();
            pods.scaleTo(scenario.pods);
            seen = watch.awaitMembers(new TreeSet<>(pods.publishedNames()), published, 10_000);
            result.dnsDownMillis = seen < 0 ? -1 : (seen - published) / 1_000_000L;
            from[Scenario.SCALED_DOWN] = change[Scenario.SCALED_DOWN] = seen < 0 ? System.nanoTime() : seen;
            for (Session s : crowd.openSessions()) {
                if (added.contains(s.servedBy))
                    onRemovedPods.add(s);
            }
            result.liveOnRemovedPods = onRemovedPods.size();

            sleepUntil(start, scenario.lengthMillis());
            endedAt = System.nanoTime();
        }
        finally {
            crowd.stop();
            sampler.close();
        }
        List<Session> sessions = ledger.sessions();
        hungWaits(result, sessions, frozenAt, detectedAt, thawedAt, killedAt);
        for (Session s : sessions) {
            if (s.succeeded() && added.contains(s.servedBy))
                result.onAddedPods++;
            if (s.succeeded() && s.servedBy.equals(result.killed) && s.startNanos > restartedAt)
                result.onRestartedPod++;
        }
        List<LiveSampler.Sample> samples = sampler.samples();
        OverTime.stretches(result, samples, sessions, from, change, endedAt);
        OverTime.addedPodsFill(result, samples, sessions, added, shareOf(added, scaledRing, crowd),
                change[Scenario.SCALED_UP], from[Scenario.SCALED_DOWN]);
        OverTime.restartedShare(result, samples, shareOf(Set.of(result.killed), restartRing, crowd));
        sampler.writeCsv(outDir.resolve("load").resolve(scenario.id() + "-live.csv"), names(pods));

        if (!Poll.until(() -> router.loads().snapshot().isEmpty() && pods.liveSessions() == 0,
                Duration.ofSeconds(30)))
            findings.problem("after every user left, the router still counts " + router.loads().snapshot()
                    + " and the doubles still serve " + pods.liveSessions() + " session(s)");

        Map<String, Map<String, ServedSession>> records = records(pods);
        Set<Session> killed = new HashSet<>();
        for (Session s : sessions) {
            if (!s.succeeded())
                continue;
            ServedSession record = records.getOrDefault(s.servedBy, Map.of()).get(s.connectionId);
            if (s.servedBy.equals(result.killed) && record != null && record.closedAt() != null
                    && !record.closedAt().isBefore(killStarted) && !record.closedAt().isAfter(killEnded))
                killed.add(s);
            else if (endedEarly(s, records)) {
                result.droppedOtherwise++;
                if (!s.servedBy.equals(result.hung) && s.startNanos < thawedAt && s.closedNanos > frozenAt)
                    result.othersCutWhileHung++;
                findings.problem(s.servedBy + " ended " + s.user + "'s session " + s.connectionId + " at "
                        + (record == null ? "(no record)" : record.closedAt()) + ", before the user closed it at "
                        + s.closeStartedAt + " (" + s.decision + (s.second ? ", second connect" : "") + ")");
            }
        }
        result.killedSessions = killed.size();
        for (Session s : atScaleUp) {
            if (!killed.contains(s) && endedEarly(s, records))
                result.movedByScaleUp++;
        }
        for (Session s : onRemovedPods) {
            if (endedEarly(s, records))
                result.cutByScaleDown++;
        }
        if (scenario.bounded())
            result.bounded = BoundedLoadCheck.run(sessions, scenario.loadFactor,
                    new long[] {killedAt, change[Scenario.RESTARTED] + (DOWN_COOLDOWN_SECONDS + 1) * 1_000_000_000L},
                    new long[] {frozenAt, hungBackAt + 1_000_000_000L});

        result.findings = findings;
        result.overhead = overhead;
        result.problems = findings.problems();
    }

    /**
     * The longest waits of the users' connects around the hung guacd: of those under way at any
     * time between the freeze and the router marking it down (a connect started before the freeze
     * may meet it too), and of those started between then and the thaw; the connects that met the
     * hung member (it shows in their decision's steps) and where they ended up; sessions it got
     * after the thaw, before the kill.
     */
    private static void hungWaits(RunResult result, List<Session> sessions, long frozenAt, long detectedAt,
            long thawedAt, long killedAt) {
        long detected = detectedAt < 0 ? thawedAt : detectedAt;
        for (Session s : sessions) {
            if (s.waitNanos < 0)
                continue;
            long wait = s.waitNanos / 1_000_000L;
            if (s.startNanos < detected && s.startNanos + s.waitNanos >= frozenAt) {
                result.connectsBeforeDetection++;
                result.longestWaitBeforeDetection = Math.max(result.longestWaitBeforeDetection, wait);
            }
            else if (detectedAt >= 0 && s.startNanos >= detectedAt && s.startNanos < thawedAt) {
                result.connectsAfterDetection++;
                result.longestWaitAfterDetection = Math.max(result.longestWaitAfterDetection, wait);
            }
            if (s.startNanos < thawedAt && s.startNanos + s.waitNanos >= frozenAt && s.decision != null
                    && !s.decision.member.equals(result.hung)
                    && triedAndFailed(s.decision.steps, result.hung)) {
                result.metHung++;
                if (s.succeeded())
                    result.metHungServedElsewhere++;
            }
            if (s.succeeded() && s.servedBy.equals(result.hung) && s.startNanos >= thawedAt && s.startNanos < killedAt)
                result.onHungAfterThaw++;
        }
    }

    /** Whether a decision's steps show a failed attempt on {@code member} (not a member passed over as full or down). */
    private static boolean triedAndFailed(String steps, String member) {
        String at = " " + steps;
        return at.contains(" " + member + " unreachable") || at.contains(" " + member + " silent");
    }

    /** The first instant before {@code deadlineNanos} at which the router holds {@code member} down; -1 if none. */
    private static long markedDown(Router router, String member, long deadlineNanos) throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            long now = System.nanoTime();
            if (router.health().isDown(member))
                return now;
            Thread.sleep(5);
        }
        return -1;
    }

    /** The first instant at or after {@code sinceNanos}, before {@code deadlineNanos}, at which the router does not hold {@code member} down; -1 if none. */
    private static long notDown(Router router, String member, long sinceNanos, long deadlineNanos)
            throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            long now = System.nanoTime();
            if (!router.health().isDown(member))
                return Math.max(now, sinceNanos);
            Thread.sleep(5);
        }
        return -1;
    }

    /**
     * The first instant at or after {@code sinceNanos} at which the router does not hold
     * {@code member} down (it comes back by the clock when its cool-down ends); -1 if not within the
     * cool-down and a second.
     */
    private static long usableAgain(Router router, String member, long sinceNanos) throws InterruptedException {
        long deadline = sinceNanos + (DOWN_COOLDOWN_SECONDS + 1) * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            if (!router.health().downMembers().containsKey(member))
                return Math.max(now, sinceNanos);
            Thread.sleep(5);
        }
        return -1;
    }

    /**
     * The share of the users' keys that {@code ring} gives to {@code members}: with a key per user,
     * the fraction of the users' ring keys it routes there (what {@code plan} prints for the ring of
     * that size); with one key for all (NAT), the members' share of the ring's weight, what bounded
     * load spreads the one key over.
     */
    private double shareOf(Set<String> members, HashRing ring, Crowd crowd) {
        if (ring == null)
            return 0;
        if (scenario.nat()) {
            long weight = 0;
            for (String m : members) {
                if (ring.member(m) != null)
                    weight += ring.member(m).weight();
            }
            return weight / (double) ring.totalWeight();
        }
        int hits = 0;
        for (SimulatedUser u : crowd.users()) {
            if (members.contains(ring.route(u.key.text()).name()))
                hits++;
        }
        return hits / (double) crowd.users().size();
    }

    /** The published pod other than {@code except} with the most live sessions now (ties: lowest ordinal). */
    private static GuacdDouble busiest(GuacdPods pods, Ledger ledger, GuacdDouble except) {
        GuacdDouble busiest = null;
        for (int i = 0; i < pods.published(); i++) {
            GuacdDouble d = pods.pod(i);
            if (d != except && (busiest == null || ledger.live(d.name()) > ledger.live(busiest.name())))
                busiest = d;
        }
        return busiest;
    }

    /** Each double's record of every connection it hosted, by id (the owner's record). */
    private static Map<String, Map<String, ServedSession>> records(GuacdPods pods) {
        Map<String, Map<String, ServedSession>> out = new HashMap<>();
        for (GuacdDouble d : pods.all()) {
            Map<String, ServedSession> byId = new HashMap<>();
            for (ServedSession s : d.served()) {
                if (!s.join())
                    byId.putIfAbsent(s.connectionId(), s);
            }
            out.put(d.name(), byId);
        }
        return out;
    }

    /** Whether the guacd that served {@code s} ended it before its user started to close it. */
    private static boolean endedEarly(Session s, Map<String, Map<String, ServedSession>> records) {
        ServedSession record = records.getOrDefault(s.servedBy, Map.of()).get(s.connectionId);
        if (record == null || s.closeStartedAt == null)
            return true;
        return record.closedAt() != null && record.closedAt().isBefore(s.closeStartedAt);
    }

    private static List<String> names(GuacdPods pods) {
        List<String> names = new ArrayList<>();
        for (GuacdDouble d : pods.all())
            names.add(d.name());
        return names;
    }

    private static void sleepUntil(long startNanos, long offsetMillis) throws InterruptedException {
        long left = startNanos + offsetMillis * 1_000_000L - System.nanoTime();
        if (left > 0)
            Thread.sleep(left / 1_000_000L, (int) (left % 1_000_000L));
    }

}
