package io.guacdaffinity.dnstest;

import io.guacdaffinity.testing.GuacdDouble;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A guacd StatefulSet on one machine: one {@link GuacdDouble} per pod ({@code guacd-stateful-N}), each
 * on its own loopback address (127.0.1.N, as pods have addresses of their own), and the headless
 * Service's SRV records served by a real unbound. Publishing a new record set is what Kubernetes does
 * when pods become ready or go away; a pod left out keeps serving its live sessions (it drains) until
 * it is closed.
 */
public final class GuacdPods implements AutoCloseable {

    /** TTL of the records when a test names none: the extension looks again after it. */
    public static final long TTL_SECONDS = 1;

    private final UnboundServer dns;
    private final long ttlSeconds;
    private final List<GuacdDouble> doubles = new CopyOnWriteArrayList<>();
    private volatile int[] published = new int[0];

    private GuacdPods(UnboundServer dns, long ttlSeconds) {
        this.dns = dns;
        this.ttlSeconds = ttlSeconds;
    }

    /** Starts {@code count} pods and a DNS server that already lists them, with records of {@link #TTL_SECONDS}. */
    public static GuacdPods start(int count) throws IOException, InterruptedException {
        return start(count, TTL_SECONDS, firstOrdinals(count));
    }

    /** Starts {@code count} pods and a DNS server listing the pods {@code ready}, with records of {@code ttlSeconds}. */
    public static GuacdPods start(int count, long ttlSeconds, int... ready) throws IOException, InterruptedException {
        GuacdPods pods = new GuacdPods(UnboundServer.create(), ttlSeconds);
        try {
            pods.startDoubles(count);
            pods.dns.setRecords(pods.records(ready));
            pods.published = ready.clone();
            pods.dns.start();
        }
        catch (IOException | InterruptedException | RuntimeException e) {
            pods.close();
            throw e;
        }
        return pods;
    }

    private static int[] firstOrdinals(int count) {
        int[] ordinals = new int[count];
        for (int i = 0; i < count; i++)
            ordinals[i] = i;
        return ordinals;
    }

    public static String address(int ordinal) {
        return "127.0.1." + ordinal;
    }

    /** host:port of the DNS server, for guacd-affinity-dns-servers. */
    public String dnsServer() {
        return dns.address();
    }

    /**
     * Publishes pods 0 .. count-1 (starting the doubles of new ones first, as a pod is ready before
     * it gets its record) and returns once unbound serves the new records.
     */
    public void scaleTo(int count) throws IOException {
        startDoubles(count);
        ready(firstOrdinals(count));
    }

    /**
     * Makes the SRV answer list exactly the pods {@code ordinals} (started already), as the headless
     * Service's endpoints do when pods become ready or not; returns once unbound answers so.
     */
    public void ready(int... ordinals) throws IOException {
        dns.setRecords(records(ordinals));
        published = ordinals.clone();
    }

    /** How many pods the SRV answer lists now. */
    public int published() {
        return published.length;
    }

    public List<String> publishedNames() {
        List<String> names = new ArrayList<>();
        for (int i : published)
            names.add(HeadlessService.podName(i));
        return names;
    }

    public GuacdDouble pod(int ordinal) {
        return doubles.get(ordinal);
    }

    public GuacdDouble byName(String name) {
        GuacdDouble d = find(name);
        if (d == null)
            throw new IllegalArgumentException("no pod named " + name);
        return d;
    }

    /** The pod called {@code name}, or null. */
    public GuacdDouble find(String name) {
        for (GuacdDouble d : doubles)
            if (d.name().equals(name))
                return d;
        return null;
    }

    /** Every pod ever started, published or draining. */
    public List<GuacdDouble> all() {
        return doubles;
    }

    public int liveSessions() {
        int total = 0;
        for (GuacdDouble d : doubles)
            total += d.liveSessions();
        return total;
    }

    private void startDoubles(int count) throws IOException {
        for (int i = doubles.size(); i < count; i++)
            doubles.add(GuacdDouble.start(HeadlessService.podName(i), address(i), 0));
    }

    private List<String> records(int... ordinals) {
        HeadlessService service = new HeadlessService(ttlSeconds);
        for (int i : ordinals)
            service.pod(i, address(i), doubles.get(i).port());
        return service.records();
    }

    @Override
    public void close() {
        doubles.forEach(GuacdDouble::close);
        try {
            dns.close();
        }
        catch (IOException e) {
            throw new IllegalStateException("unbound's directory could not be removed: " + e.getMessage(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
