package io.guacdaffinity.load;

import io.guacdaffinity.dnstest.HeadlessService;
import io.guacdaffinity.guacamole.AffinityAuthenticationProvider;
import io.guacdaffinity.guacamole.AffinityService;
import io.guacdaffinity.guacamole.Poll;
import io.guacdaffinity.membership.RingSource;
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
 * members from a real DNS server, simulated users throughout, and at fixed fractions of the run:
 * <pre>
 *   0    - 15 %  users arrive
 *   30 %         the busiest guacd is killed (its SRV record stays, as before a readiness probe notices)
 *   45 %         it is restarted on the same address and port
 *   55 %         scale-up: two more pods get SRV records
 *   75 %         scale-down: their records go again; they drain (keep their live sessions)
 *   100 %        every user leaves
 * </pre>
 */
final class LoadRun {

    /** The extension's refresh interval in the run: look again after the TTL, within [1, 2] s. */
    static final int REFRESH_MIN_SECONDS = 1;
    static final int REFRESH_MAX_SECONDS = 2;
    /** A DNS change must reach the ring within the record TTL plus the longest refresh interval. */
    static final long DNS_BOUND_MILLIS = (GuacdPods.TTL_SECONDS + REFRESH_MAX_SECONDS) * 1000L;
    static final int DOWN_COOLDOWN_SECONDS = 3;

    private final Scenario scenario;
    private final Path outDir;

    LoadRun(Scenario scenario, Path outDir) {
        this.scenario = scenario;
        this.outDir = outDir;
    }

    static Map<String, String> properties(Scenario scenario, GuacdPods pods) {
        Map<String, String> p = new HashMap<>();
        p.put("guacd-affinity-srv", HeadlessService.SRV);
        p.put("guacd-affinity-dns-servers", pods.dnsServer());
        p.put("guacd-affinity-dns-timeout", "1000");
        p.put("guacd-affinity-refresh-min", String.valueOf(REFRESH_MIN_SECONDS));
        p.put("guacd-affinity-refresh-max", String.valueOf(REFRESH_MAX_SECONDS));
        p.put("guacd-affinity-srv-host-template", "127.0.1.{ordinal}");
        p.put("guacd-affinity-key", scenario.keyMode);
        if (scenario.bounded())
            p.put("guacd-affinity-load-factor", String.valueOf(scenario.loadFactor));
        p.put("guacd-affinity-down-cooldown", String.valueOf(DOWN_COOLDOWN_SECONDS));
        p.put("guacd-affinity-connect-timeout", "2000");
        return p;
    }

    RunResult run() throws IOException, InterruptedException {
        RunResult result = new RunResult(scenario);
        result.dnsBoundMillis = DNS_BOUND_MILLIS;
        long began = System.nanoTime();
        try (GuacdPods pods = GuacdPods.start(scenario.pods);
             DecisionLog log = DecisionLog.install(outDir.resolve("load").resolve(scenario.id() + ".log"))) {
            AffinityAuthenticationProvider provider = new AffinityAuthenticationProvider(properties(scenario, pods)::get);
            try {
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
        AffinityService service = provider.getService();
        if (service.passThrough() || service.membershipStatus() == null
                || service.membershipStatus().source() != RingSource.SRV
                || service.router().ring().size() != scenario.pods)
            throw new IllegalStateException("the provider did not start with " + scenario.pods + " SRV members: "
                    + (service.passThrough() ? service.passThroughReason() : service.membershipStatus()));
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
        LiveSampler sampler = new LiveSampler(router, ledger, start);
        Instant killStarted;
        long killedAt;
        long restartedAt;
        Instant killEnded;
        try (RingWatch watch = new RingWatch(router)) {
            crowd.start(scenario.at(0.15));

            sleepUntil(start, scenario.at(0.30));
            GuacdDouble victim = busiest(pods, ledger);
            result.killed = victim.name();
            killStarted = Instant.now();
            killedAt = System.nanoTime();
            victim.stop();
            killEnded = Instant.now();
            crowd.killed(victim.name(), ledger.now());

            sleepUntil(start, scenario.at(0.45));
            victim.restart();
            restartedAt = System.nanoTime();

            sleepUntil(start, scenario.at(0.55));
            int bigger = scenario.pods + scenario.addedPods;
            pods.scaleTo(bigger);
            result.dnsUpMillis = delay(watch, pods, System.nanoTime());
            crowd.scaledUp();
            atScaleUp = crowd.openSessions();
            result.liveAtScaleUp = atScaleUp.size();
            for (int i = scenario.pods; i < bigger; i++)
                added.add(HeadlessService.podName(i));

            sleepUntil(start, scenario.at(0.75));
            pods.scaleTo(scenario.pods);
            result.dnsDownMillis = delay(watch, pods, System.nanoTime());
            for (Session s : crowd.openSessions()) {
                if (added.contains(s.servedBy))
                    onRemovedPods.add(s);
            }
            result.liveOnRemovedPods = onRemovedPods.size();

            sleepUntil(start, scenario.lengthMillis);
        }
        finally {
            crowd.stop();
            sampler.close();
        }
        for (Session s : ledger.sessions()) {
            if (s.succeeded() && added.contains(s.servedBy))
                result.onAddedPods++;
            if (s.succeeded() && s.servedBy.equals(result.killed) && s.startNanos > restartedAt)
                result.onRestartedPod++;
        }
        liveStats(sampler.samples(), result);
        sampler.writeCsv(outDir.resolve("load").resolve(scenario.id() + "-live.csv"), names(pods));

        if (!Poll.until(() -> router.loads().snapshot().isEmpty() && pods.liveSessions() == 0,
                Duration.ofSeconds(30)))
            findings.problem("after every user left, the router still counts " + router.loads().snapshot()
                    + " and the doubles still serve " + pods.liveSessions() + " session(s)");

        Map<String, Map<String, ServedSession>> records = records(pods);
        List<Session> sessions = ledger.sessions();
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
        pinnedLoad(sessions, result);
        if (scenario.bounded())
            result.bounded = BoundedLoadCheck.run(sessions, scenario.loadFactor, killedAt,
                    restartedAt + (DOWN_COOLDOWN_SECONDS + 1) * 1_000_000_000L);

        result.connects = findings.connects.get();
        result.secondConnects = findings.secondConnects.get();
        result.lost = findings.lost.get();
        result.retriedPastDead = findings.retriedPastDead.get();
        result.deadAttempts = findings.deadAttempts.get();
        result.reconnectsAfterKill = findings.reconnectsAfterKill.get();
        result.secondsChecked = findings.secondsChecked.get();
        result.secondsCheckedAfterScaleUp = findings.secondsCheckedAfterScaleUp.get();
        result.secondsMoved = findings.secondsMoved.get();
        result.allFullFallbacks = findings.allFullFallbacks.get();
        result.notInRing = findings.notInRing.get();
        result.overhead = overhead;
        result.problems = findings.problems();
    }

    /** The published pod with the most live sessions now (ties: lowest ordinal). */
    private static GuacdDouble busiest(GuacdPods pods, Ledger ledger) {
        GuacdDouble busiest = pods.pod(0);
        for (int i = 1; i < pods.published(); i++) {
            if (ledger.live(pods.pod(i).name()) > ledger.live(busiest.name()))
                busiest = pods.pod(i);
        }
        return busiest;
    }

    /** Milliseconds from {@code publishedNanos} to the first ring with exactly the published pods; -1 if none within 10 s. */
    private static long delay(RingWatch watch, GuacdPods pods, long publishedNanos) throws InterruptedException {
        long seen = watch.awaitMembers(new TreeSet<>(pods.publishedNames()), publishedNanos, 10_000);
        return seen < 0 ? -1 : (seen - publishedNanos) / 1_000_000L;
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

    private void liveStats(List<LiveSampler.Sample> samples, RunResult result) {
        double c = scenario.bounded() ? scenario.loadFactor : 1.25;
        double sum = 0;
        String[] names = {"users arrive", "steady", "one guacd dead", "after its restart", "scaled up (+2 pods)",
            "after the scale-down"};
        double[] bounds = {0, 0.15, 0.30, 0.45, 0.55, 0.75, 1.0};
        for (int i = 0; i < names.length; i++)
            result.phases.add(new RunResult.Phase(names[i], bounds[i], bounds[i + 1]));
        for (LiveSampler.Sample s : samples) {
            if (s.members == 0 || s.total < s.members)
                continue;
            double ratio = s.busiest / s.mean();
            result.samplesCounted++;
            sum += ratio;
            result.peakOverMeanMax = Math.max(result.peakOverMeanMax, ratio);
            long ceiling = s.ceiling(c);
            RunResult.Phase phase = result.phases.get(result.phases.size() - 1);
            for (RunResult.Phase p : result.phases) {
                if (s.atMillis < scenario.at(p.to)) {
                    phase = p;
                    break;
                }
            }
            phase.samples++;
            phase.ratioSum += ratio;
            if (s.busiest > ceiling) {
                result.samplesAboveCeiling++;
                result.worstAboveCeiling = Math.max(result.worstAboveCeiling, s.busiest - ceiling);
                phase.above++;
                phase.worstExcess = Math.max(phase.worstExcess, s.busiest - ceiling);
            }
        }
        result.peakOverMeanAvg = result.samplesCounted == 0 ? 0 : sum / result.samplesCounted;
    }

    private void pinnedLoad(List<Session> sessions, RunResult result) {
        double c = scenario.bounded() ? scenario.loadFactor : 1.25;
        for (Session s : sessions) {
            if (!s.succeeded() || s.decision == null || !s.decision.reason.equals("PINNED") || s.membersUpBefore == 0)
                continue;
            result.pinnedConnects++;
            if (s.liveOnMemberBefore >= Math.ceil(c * (s.liveOnRingBefore + 1) / (double) s.membersUpBefore))
                result.pinnedAboveCapacity++;
        }
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
