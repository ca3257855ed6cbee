package io.guacdaffinity.cli;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.GuacdCheck;
import io.guacdaffinity.routing.GuacdDialer;
import io.guacdaffinity.routing.GuacdCheck.CheckOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code doctor}'s health check of every member: the extension's own check ({@link GuacdCheck}),
 * run on all members at once so that silent ones cost one timeout in all, and what each outcome
 * means for an administrator.
 */
final class MemberChecks {

    /** Members checked at the same time; more only wait for a thread. */
    private static final int PARALLEL = 16;

    private MemberChecks() {
    }

    /** One result per member, in the members' order. */
    static List<GuacdCheck.Result> run(AffinityConfig config, List<Member> members) {
        GuacdCheck check = new GuacdCheck(GuacdDialer.of(config));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(PARALLEL, members.size())), r -> {
            Thread t = new Thread(r, "doctor-check");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<GuacdCheck.Result>> pending = new ArrayList<>();
            for (Member m : members)
                pending.add(CompletableFuture.supplyAsync(() -> check.check(m), pool));
            List<GuacdCheck.Result> out = new ArrayList<>();
            for (CompletableFuture<GuacdCheck.Result> p : pending)
                out.add(p.join());
            return out;
        }
        finally {
            pool.shutdownNow();
        }
    }

    /** How the members were checked, in one line. */
    static String describe(AffinityConfig config) {
        return "each member as the health check does: TCP connect" + (config.ssl() ? ", TLS handshake" : "")
                + ", then select " + GuacdCheck.CHECK_ID + ", which a guacd answers at once with an error; "
                + config.connectTimeoutMillis() + " ms per step (" + AffinityConfig.CONNECT_TIMEOUT.name() + ")";
    }

    /** Whether {@code doctor} accepts the member: it answered in the Guacamole protocol. */
    static boolean passes(CheckOutcome outcome) {
        return outcome == CheckOutcome.ANSWERED;
    }

    /** One or two words for the table. */
    static String verdict(CheckOutcome outcome) {
        switch (outcome) {
            case ANSWERED:
                return "reachable";
            case CLOSED_WITHOUT_ANSWER:
                return "closed without answer";
            case NOT_GUACAMOLE:
                return "not guacd";
            case SILENT:
                return "silent";
            case REFUSED:
                return "refused";
            case CONNECT_TIMEOUT:
                return "connect timed out";
            case TLS_FAILED:
                return "TLS failure";
            case UNKNOWN_HOST:
                return "unknown host";
            case UNREACHABLE:
            default:
                return "unreachable";
        }
    }

    /** What happened and, for a failure, what to look at. */
    static String explain(GuacdCheck.Result result, AffinityConfig config) {
        switch (result.outcome()) {
            case ANSWERED:
                return result.detail();
            case CLOSED_WITHOUT_ANSWER:
                return result.detail() + " (a guacd answers with an error first; is " + AffinityConfig.SSL.name()
                        + " " + (config.ssl() ? "on while guacd runs without -C and -K?"
                        : "off while guacd runs with -C and -K?")
                        + " The extension's health check counts this member as up, but its tunnels would fail)";
            case NOT_GUACAMOLE:
                return result.detail() + " (is this port guacd's? The extension's health check counts this member"
                        + " as up, but its tunnels would fail)";
            case SILENT:
                return result.detail() + " (a hung guacd, or a port that is not guacd's; the extension marks it"
                        + " down)";
            case REFUSED:
                return result.detail() + " (nothing listens there: guacd is stopped or listens on another port;"
                        + " the extension marks it down)";
            default:
                return result.detail() + " (the extension marks it down)";
        }
    }
}
