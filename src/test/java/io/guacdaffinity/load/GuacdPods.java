package io.guacdaffinity.load;

import io.guacdaffinity.dnstest.HeadlessService;
import io.guacdaffinity.dnstest.UnboundServer;
import io.guacdaffinity.testing.GuacdDouble;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The guacd StatefulSet of a run: one {@link GuacdDouble} per pod, each on its own loopback address
 * (127.0.1.ordinal, as pods have addresses of their own), and the headless Service's SRV records
 * served by a real unbound. Scaling publishes a new record set, as Kubernetes does when pods become
 * ready or go away; a removed pod keeps serving its live sessions (it drains) until the run closes it.
 */
final class GuacdPods implements AutoCloseable {

    /** TTL of every record: the extension looks again after it (within refresh-min and -max). */
    static final long TTL_SECONDS = 1;

    private final UnboundServer dns;
    private final List<GuacdDouble> doubles = new CopyOnWriteArrayList<>();
    private volatile int published;

    private GuacdPods(UnboundServer dns) {
        this.dns = dns;
    }

    /** Starts {@code count} pods and a DNS server that already lists them. */
    static GuacdPods start(int count) throws IOException, InterruptedException {
        GuacdPods pods = new GuacdPods(UnboundServer.create());
        try {
            pods.startDoubles(count);
            pods.dns.setRecords(pods.records(count));
            pods.published = count;
            pods.dns.start();
        }
        catch (IOException | InterruptedException | RuntimeException e) {
            pods.close();
            throw e;
        }
        return pods;
    }

    static String address(int ordinal) {
        return "127.0.1." + ordinal;
    }

    /** host:port of the DNS server, for guacd-affinity-dns-servers. */
    String dnsServer() {
        return dns.address();
    }

    /**
     * Publishes pods 0 .. count-1 (starting the doubles of new ones first, as a pod is ready before
     * it gets its record) and returns once unbound serves the new records.
     */
    void scaleTo(int count) throws IOException {
        startDoubles(count);
        dns.setRecords(records(count));
        published = count;
    }

    /** Pods in the SRV answer now. */
    int published() {
        return published;
    }

    List<String> publishedNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < published; i++)
            names.add(HeadlessService.podName(i));
        return names;
    }

    GuacdDouble pod(int ordinal) {
        return doubles.get(ordinal);
    }

    GuacdDouble byName(String name) {
        GuacdDouble d = find(name);
        if (d == null)
            throw new IllegalArgumentException("no pod named " + name);
        return d;
    }

    /** The pod called {@code name}, or null. */
    GuacdDouble find(String name) {
        for (GuacdDouble d : doubles)
            if (d.name().equals(name))
                return d;
        return null;
    }

    /** Every pod ever started, published or draining. */
    List<GuacdDouble> all() {
        return doubles;
    }

    int liveSessions() {
        int total = 0;
        for (GuacdDouble d : doubles)
            total += d.liveSessions();
        return total;
    }

    private void startDoubles(int count) throws IOException {
        for (int i = doubles.size(); i < count; i++)
            doubles.add(GuacdDouble.start(HeadlessService.podName(i), address(i), 0));
    }

    private List<String> records(int count) {
        HeadlessService service = new HeadlessService(TTL_SECONDS);
        for (int i = 0; i < count; i++)
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
