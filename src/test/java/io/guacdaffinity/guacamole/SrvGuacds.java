package io.guacdaffinity.guacamole;

import io.guacdaffinity.dnstest.GuacdPods;
import io.guacdaffinity.dnstest.HeadlessService;
import io.guacdaffinity.membership.RingSource;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.testing.GuacdDouble;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.protocol.GuacamoleClientInformation;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The extension as deployed on Kubernetes, in one process: {@link GuacdPods} (a StatefulSet's pods as
 * guacd doubles on their own loopback addresses, a real DNS server answering the headless Service's SRV
 * records for the pods that are ready) and the provider built from properties alone, as Guacamole
 * builds it.
 */
final class SrvGuacds implements AutoCloseable {

    final List<GuacdDouble> doubles;
    private final List<GuacamoleTunnel> opened = new CopyOnWriteArrayList<>();
    final long ttlSeconds;
    final int refreshMaxSeconds;
    private final GuacdPods pods;
    private AffinityAuthenticationProvider provider;

    private SrvGuacds(GuacdPods pods, long ttlSeconds, int refreshMaxSeconds) {
        this.pods = pods;
        this.doubles = pods.all();
        this.ttlSeconds = ttlSeconds;
        this.refreshMaxSeconds = refreshMaxSeconds;
    }

    /**
     * Starts {@code pods} doubles ({@code guacd-stateful-0} …), the DNS server answering for the
     * {@code ready} ordinals with records of {@code ttlSeconds}, and the provider refreshing its
     * members every TTL within [refresh-min, refresh-max].
     */
    static SrvGuacds start(int pods, long ttlSeconds, int refreshMinSeconds, int refreshMaxSeconds, int... ready)
            throws IOException, InterruptedException {
        return start(pods, ttlSeconds, refreshMinSeconds, refreshMaxSeconds, Map.of(), ready);
    }

    /** As {@link #start(int, long, int, int, int...)}, with {@code extra} properties set or overridden. */
    static SrvGuacds start(int pods, long ttlSeconds, int refreshMinSeconds, int refreshMaxSeconds,
            Map<String, String> extra, int... ready) throws IOException, InterruptedException {
        SrvGuacds s = new SrvGuacds(GuacdPods.start(pods, ttlSeconds, ready), ttlSeconds, refreshMaxSeconds);
        try {
            Map<String, String> properties = new HashMap<>();
            properties.put("guacd-affinity-srv", HeadlessService.SRV);
            properties.put("guacd-affinity-dns-servers", s.pods.dnsServer());
            properties.put("guacd-affinity-dns-timeout", "1000");
            properties.put("guacd-affinity-refresh-min", String.valueOf(refreshMinSeconds));
            properties.put("guacd-affinity-refresh-max", String.valueOf(refreshMaxSeconds));
            // Dialled by the template rather than the records' A answers, as a cluster's per-pod Services are.
            properties.put("guacd-affinity-srv-host-template", "127.0.1.{ordinal}");
            // Where users land is checked against the ring alone; bounded load has tests of its own.
            properties.put("guacd-affinity-load-factor", "0");
            properties.putAll(extra);
            s.provider = new AffinityAuthenticationProvider(properties::get);
        }
        catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
        if (s.service().membershipStatus().source() != RingSource.SRV)
            throw new AssertionError("the provider did not take its members from SRV: " + s.service().membershipStatus());
        return s;
    }

    /**
     * Makes the SRV answer list exactly the pods {@code ordinals}, as the headless Service's
     * endpoints do when pods become ready or not; returns once the DNS server answers so.
     */
    void ready(int... ordinals) throws IOException {
        pods.ready(ordinals);
    }

    AffinityService service() {
        return provider.getService().orElseThrow(() -> new AssertionError("the provider is not routing: "
                + provider.getStatus().report().notes));
    }

    /** The ring the router uses now. */
    HashRing ring() {
        return service().router().ring();
    }

    /**
     * Polls until the router's ring satisfies {@code condition}; returns how long that took.
     *
     * @throws AssertionError when it did not within {@code timeout}, with the membership status
     */
    Duration awaitRing(Predicate<HashRing> condition, Duration timeout, String what) throws InterruptedException {
        long start = System.nanoTime();
        if (!Poll.until(() -> condition.test(ring()), timeout))
            throw new AssertionError(what + " did not happen within " + timeout.getSeconds() + " s: "
                    + service().membershipStatus());
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** A fresh login of {@code user}, as Guacamole decorates it at each sign-in. */
    UserContext login(String user) {
        return provider.decorate(Logins.userMapping(user), Logins.user(user, "10.3.0.1"),
                Logins.credentials(user, "10.3.0.1"));
    }

    UserContext login(UserContext inner, String user) {
        return provider.decorate(inner, Logins.user(user, "10.3.0.1"), Logins.credentials(user, "10.3.0.1"));
    }

    /** {@code user} logs in and opens the connection "desktop". */
    GuacamoleTunnel connect(String user) throws GuacamoleException {
        GuacamoleTunnel tunnel = login(user).getConnectionDirectory().get("desktop")
                .connect(new GuacamoleClientInformation(), Logins.tokens(user));
        opened.add(tunnel);
        return tunnel;
    }

    static String idOf(GuacamoleTunnel tunnel) {
        return RoutedGuacds.idOf(tunnel);
    }

    /** The name of the double (pod) that issued the tunnel's session. */
    String servedBy(GuacamoleTunnel tunnel) {
        return RoutedGuacds.servedBy(doubles, tunnel);
    }

    GuacdDouble pod(String name) {
        return pods.byName(name);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (GuacamoleTunnel t : opened) {
            try {
                t.close();
            }
            catch (GuacamoleException | RuntimeException ignored) {
                // closed by the test already, or its double is gone
            }
        }
        if (provider != null)
            provider.shutdown();
        pods.close();
    }
}
