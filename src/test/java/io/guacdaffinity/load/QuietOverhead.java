package io.guacdaffinity.load;

import io.guacdaffinity.dnstest.GuacdPods;
import io.guacdaffinity.guacamole.AffinityAuthenticationProvider;
import io.guacdaffinity.routing.Router;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The routing overhead with nothing else going on in the harness: 60 users of a 3-pod ring (members
 * from DNS, as in the runs) connect one at a time, each connect paired with a direct one. Under
 * load the same pairs also measure the machine's contention; this is the extension's own cost.
 */
final class QuietOverhead {

    private QuietOverhead() {
    }

    /** {@code warmUpPairs} pairs for the JIT, not counted, then {@code pairs} measured ones. */
    static Overhead measure(int warmUpPairs, int pairs, Path outDir) throws IOException, InterruptedException {
        Scenario scenario = Scenario.quick(60, 3, false, 1.25);
        try (GuacdPods pods = GuacdPods.start(scenario.pods);
             DecisionLog log = DecisionLog.install(outDir.resolve("load").resolve("quiet-overhead.log"))) {
            AffinityAuthenticationProvider provider = new AffinityAuthenticationProvider(
                    LoadRun.properties(scenario, pods)::get);
            try {
                Router router = provider.getService().orElseThrow().router();
                Findings findings = new Findings();
                Ledger ledger = new Ledger();
                Overhead measured = new Overhead();
                Connector warmUp = new Connector(router, pods, ledger, new Overhead(), findings);
                Connector connector = new Connector(router, pods, ledger, measured, findings);
                Crowd crowd = new Crowd(scenario, provider, connector, findings, pods);
                List<SimulatedUser> users = crowd.users();
                for (int i = 0; i < warmUpPairs + pairs; i++) {
                    Connector c = i < warmUpPairs ? warmUp : connector;
                    Session s = c.connect(users.get(i % users.size()), false);
                    if (s.failed)
                        throw new IllegalStateException("a quiet connect failed: " + s.failure);
                    c.close(s);
                }
                crowd.stop();
                if (findings.problemCount() > 0)
                    throw new IllegalStateException("quiet overhead run: " + findings.problems());
                return measured;
            }
            finally {
                provider.shutdown();
            }
        }
    }
}
