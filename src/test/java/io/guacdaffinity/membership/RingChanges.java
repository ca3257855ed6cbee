package io.guacdaffinity.membership;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.ring.HashRing;

import java.util.HashMap;
import java.util.Map;

import static io.guacdaffinity.membership.Answers.DOMAIN;
import static io.guacdaffinity.membership.Answers.ok;
import static io.guacdaffinity.membership.Answers.srv;
import static io.guacdaffinity.membership.ScriptedSource.pods;

/**
 * The ring changes an administrator reads about in the log, run through a real refresh loop for tests
 * outside this package: a scale-up from three members to four, then an SRV answer that stays empty
 * past its grace period with no static list to fall back to; and SRV records that are skipped.
 */
public final class RingChanges {

    private RingChanges() {
    }

    /** @return how many rings were published, the last one empty (null) */
    public static int scaleUpThenEmpty() {
        ScriptedSource source = new ScriptedSource().members(5, pods(0, 1, 2)).members(5, pods(0, 1, 2, 3)).empty(5);
        Map<String, String> p = new HashMap<>();
        p.put("guacd-affinity-srv", Answers.SRV);
        AffinityConfig config = AffinityConfig.from(p::get);
        MutableClock clock = new MutableClock();
        int[] published = {0};
        boolean[] empty = {false};
        RefreshLoop loop = new RefreshLoop(source, config,
                new RefreshDelays(config.refreshMinSeconds(), config.refreshMaxSeconds(), () -> 0.0), clock, ring -> {
                    published[0]++;
                    empty[0] = ring == null;
                });
        for (int step = 0; step < 100 && !empty[0]; step++)
            clock.advance(loop.refresh());
        if (!empty[0])
            throw new AssertionError("the ring never went empty after " + published[0] + " rings");
        return published[0];
    }

    /**
     * One refresh of an SRV answer with a target outside the Service's domain, and one, under a host
     * template, with two records that would be one guacd: each skipped record is logged once.
     */
    public static void skippedRecords() throws MemberSourceException {
        SrvAnswerReader plain = new SrvAnswerReader(new ConnectHosts(""), false, HashRing.DEFAULT_VIRTUAL_NODES);
        refreshOnce(plain.read(Answers.name(Answers.SRV),
                ok(srv(5, 33, 4822, "localhost."), srv(5, 33, 4822, "guacd-stateful-0." + DOMAIN)), "test"));
        SrvAnswerReader byOrdinal = new SrvAnswerReader(
                new ConnectHosts("guacd-{ordinal}.guacamole.svc.cluster.local"), false, HashRing.DEFAULT_VIRTUAL_NODES);
        refreshOnce(byOrdinal.read(Answers.name(Answers.SRV),
                ok(srv(5, 50, 4822, "guacd-b-0." + DOMAIN), srv(5, 50, 4822, "guacd-a-0." + DOMAIN)), "test"));
    }

    private static void refreshOnce(Resolution answer) {
        Map<String, String> p = new HashMap<>();
        p.put("guacd-affinity-srv", Answers.SRV);
        AffinityConfig config = AffinityConfig.from(p::get);
        MemberSource source = new MemberSource() {
            @Override
            public Resolution resolve() {
                return answer;
            }

            @Override
            public String describe() {
                return "SRV test";
            }
        };
        new RefreshLoop(source, config,
                new RefreshDelays(config.refreshMinSeconds(), config.refreshMaxSeconds(), () -> 0.0),
                new MutableClock(), ring -> { }).refresh();
    }
}
