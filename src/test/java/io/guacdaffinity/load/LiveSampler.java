package io.guacdaffinity.load;

import io.guacdaffinity.dnstest.GuacdPods;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.Router;
import io.guacdaffinity.testing.GuacdDouble;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Live user sessions per guacd over the run, sampled from the {@link Ledger} every 100 ms: the
 * busiest member of the ring against the mean over the N ring members that can take a session (the
 * router does not hold it down and its guacd runs: a dead guacd can hold no session, so counting it
 * would put every survivor above any ceiling), and against the bounded-load ceiling
 * ceil(c x live / N) at that instant.
 */
final class LiveSampler implements AutoCloseable {

    static final long INTERVAL_MILLIS = 100;

    /** One sample. */
    static final class Sample {

        final long atMillis;
        /** {@link System#nanoTime()} of the sample. */
        final long atNanos;
        /** Members of the ring not marked down whose guacd runs. */
        final int members;
        final int total;
        final int busiest;
        final String busiestName;
        final Map<String, Integer> perMember;

        Sample(long atMillis, long atNanos, int members, int total, int busiest, String busiestName,
                Map<String, Integer> perMember) {
            this.atMillis = atMillis;
            this.atNanos = atNanos;
            this.members = members;
            this.total = total;
            this.busiest = busiest;
            this.busiestName = busiestName;
            this.perMember = perMember;
        }

        double mean() {
            return members == 0 ? 0 : total / (double) members;
        }

        /** ceil(c x total / N): what bounded load keeps a member below when it places sessions. */
        long ceiling(double c) {
            return (long) Math.ceil(c * total / (double) members);
        }

        /** Live sessions on {@code member}. */
        int on(String member) {
            return perMember.getOrDefault(member, 0);
        }
    }

    private final Router router;
    private final GuacdPods pods;
    private final Ledger ledger;
    private final long startNanos;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer;

    LiveSampler(Router router, GuacdPods pods, Ledger ledger, long startNanos) {
        this.router = router;
        this.pods = pods;
        this.ledger = ledger;
        this.startNanos = startNanos;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "live-sampler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::sample, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        HashRing ring = router.ring();
        if (ring == null)
            return;
        Map<String, Integer> live = ledger.liveByMember();
        Map<String, Long> down = router.health().downMembers();
        int up = 0;
        int total = 0;
        int busiest = -1;
        String busiestName = "";
        for (Member m : ring.members()) {
            int n = live.getOrDefault(m.name(), 0);
            total += n;
            GuacdDouble pod = pods.find(m.name());
            if (!down.containsKey(m.name()) && pod != null && pod.isRunning())
                up++;
            if (n > busiest) {
                busiest = n;
                busiestName = m.name();
            }
        }
        long now = System.nanoTime();
        Sample s = new Sample((now - startNanos) / 1_000_000L, now, Math.max(up, 1), total, busiest, busiestName,
                live);
        synchronized (this) {
            samples.add(s);
        }
    }

    synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    /** Writes the samples as CSV: time, members, live, then live per guacd. */
    void writeCsv(Path file, List<String> names) throws IOException {
        Files.createDirectories(file.getParent());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("ms,members,live,busiest");
            for (String n : names)
                out.write("," + n);
            out.write("\n");
            for (Sample s : samples()) {
                out.write(String.format(Locale.ROOT, "%d,%d,%d,%d", s.atMillis, s.members, s.total, s.busiest));
                for (String n : names)
                    out.write("," + s.perMember.getOrDefault(n, 0));
                out.write("\n");
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
