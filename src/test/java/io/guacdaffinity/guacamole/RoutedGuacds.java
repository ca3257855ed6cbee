package io.guacdaffinity.guacamole;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.membership.Membership;
import io.guacdaffinity.membership.MembershipCounters;
import io.guacdaffinity.membership.MembershipStatus;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.testing.GuacdDouble;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.protocol.ConfiguredGuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleClientInformation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * guacd doubles behind the extension: the provider is built from properties naming the doubles, and
 * its ring can be swapped as the membership service would.
 */
final class RoutedGuacds implements AutoCloseable {

    final List<GuacdDouble> doubles = new CopyOnWriteArrayList<>();
    final AtomicReference<HashRing> ring = new AtomicReference<>();
    final AffinityConfig config;
    final AffinityService service;
    final AffinityAuthenticationProvider provider;
    private final List<GuacamoleTunnel> opened = new CopyOnWriteArrayList<>();

    private RoutedGuacds(List<String> names, Map<String, String> properties) throws IOException {
        for (String name : names)
            doubles.add(GuacdDouble.start(name));
        Map<String, String> all = new HashMap<>();
        all.put("guacd-affinity-members", membersProperty(doubles));
        all.put("guacd-affinity-connect-timeout", "1000");
        all.put("guacd-affinity-down-cooldown", "1");
        // No background checks unless a test asks for them (HealthChecksIT does): a round that ran
        // between a test stopping a double and its next connect would decide what that test checks.
        all.put("guacd-affinity-health-interval", "0");
        all.putAll(properties);
        config = AffinityConfig.from(all::get);
        ring.set(HashRing.of(config.members(), config.virtualNodes()));
        service = AffinityService.start(config, new SwappableRing(Membership.start(config), ring));
        provider = new AffinityAuthenticationProvider(service);
    }

    static RoutedGuacds start(int count, Map<String, String> properties) throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++)
            names.add("guacd-stateful-" + i);
        return new RoutedGuacds(names, properties);
    }

    /** Doubles with the member names of a static list, such as {@code guacd-a}. */
    static RoutedGuacds named(List<String> names, Map<String, String> properties) throws IOException {
        return new RoutedGuacds(names, properties);
    }

    static RoutedGuacds start(int count) throws IOException {
        return start(count, Map.of());
    }

    /**
     * Bounded load off: where every user lands is the ring's choice alone, for tests that check the
     * ring's placement exactly (bounded load has tests of its own).
     */
    static RoutedGuacds pureRing(int count, Map<String, String> properties) throws IOException {
        Map<String, String> all = new HashMap<>(properties);
        all.put("guacd-affinity-load-factor", "0");
        return start(count, all);
    }

    static RoutedGuacds pureRing(int count) throws IOException {
        return pureRing(count, Map.of());
    }

    static String membersProperty(List<GuacdDouble> doubles) {
        List<String> items = new ArrayList<>();
        for (GuacdDouble d : doubles)
            items.add(d.name() + "=" + d.host() + ":" + d.port());
        return String.join(",", items);
    }

    /** Adds running doubles to the ring, as a scale-up seen through DNS would. */
    void addMembers(GuacdDouble... more) {
        List<Member> members = new ArrayList<>(ring.get().members());
        for (GuacdDouble d : more) {
            doubles.add(d);
            members.add(new Member(d.name(), d.host(), d.port()));
        }
        ring.set(HashRing.of(members, config.virtualNodes()));
    }

    /** The member the current ring names for {@code keyText}. */
    String ringOwner(String keyText) {
        return ring.get().route(keyText).name();
    }

    GuacdDouble byName(String name) {
        for (GuacdDouble d : doubles)
            if (d.name().equals(name))
                return d;
        throw new IllegalArgumentException(name);
    }

    /** A fresh login of {@code username} through the provider, as Guacamole does at each sign-in. */
    UserContext login(String username) {
        return login(Logins.userMapping(username), username);
    }

    UserContext login(UserContext inner, String username) {
        return provider.decorate(inner, Logins.user(username, "10.1.0." + (Math.abs(username.hashCode()) % 250)),
                Logins.credentials(username, "10.1.0.1"));
    }

    GuacamoleTunnel connect(UserContext context, String connectionId, String username) throws GuacamoleException {
        GuacamoleTunnel tunnel = context.getConnectionDirectory().get(connectionId)
                .connect(new GuacamoleClientInformation(), Logins.tokens(username));
        opened.add(tunnel);
        return tunnel;
    }

    static String idOf(GuacamoleTunnel tunnel) {
        return ((ConfiguredGuacamoleSocket) tunnel.getSocket()).getConnectionID();
    }

    /** Name of the double that issued the tunnel's session. */
    String servedBy(GuacamoleTunnel tunnel) {
        return servedBy(doubles, tunnel);
    }

    /** Name of whichever of {@code doubles} issued the tunnel's session. */
    static String servedBy(List<GuacdDouble> doubles, GuacamoleTunnel tunnel) {
        String id = idOf(tunnel);
        for (GuacdDouble d : doubles)
            if (d.issued(id))
                return d.name();
        throw new AssertionError("no double issued " + id);
    }

    /** The owner's record of the tunnel's session, waiting for the double to write it (it does so after ready). */
    io.guacdaffinity.testing.ServedSession ownerRecord(GuacamoleTunnel tunnel) throws InterruptedException {
        GuacdDouble host = byName(servedBy(tunnel));
        String id = idOf(tunnel);
        if (!Poll.until(() -> !host.served(id).isEmpty(), java.time.Duration.ofSeconds(20)))
            throw new AssertionError(host.name() + " never recorded " + id);
        return host.served(id).get(0);
    }

    int servedTotal() {
        int n = 0;
        for (GuacdDouble d : doubles)
            n += d.served().size();
        return n;
    }

    /** Closes every tunnel the test opened, as users leaving would. */
    void closeAll() {
        for (GuacamoleTunnel t : opened) {
            try {
                t.close();
            }
            catch (GuacamoleException | RuntimeException ignored) {
                // already closed by the test or by a stopped double
            }
        }
    }

    @Override
    public void close() {
        closeAll();
        doubles.forEach(GuacdDouble::close);
        provider.shutdown();
    }

    /**
     * The static list's membership with the ring a test swaps, as SRV changes would swap it; status
     * and counters stay the static list's.
     */
    private static final class SwappableRing implements Membership {

        private final Membership configured;
        private final AtomicReference<HashRing> ring;

        SwappableRing(Membership configured, AtomicReference<HashRing> ring) {
            this.configured = configured;
            this.ring = ring;
        }

        @Override
        public HashRing current() {
            return ring.get();
        }

        @Override
        public MembershipStatus status() {
            return configured.status();
        }

        @Override
        public MembershipCounters counters() {
            return configured.counters();
        }

        @Override
        public void close() {
            configured.close();
        }
    }
}
