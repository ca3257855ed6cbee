package io.guacdaffinity.guacamole;

import io.guacdaffinity.dnstest.HeadlessService;
import io.guacdaffinity.dnstest.UnboundServer;
import io.guacdaffinity.membership.RingSource;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.testing.GuacdDouble;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.protocol.ConfiguredGuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleClientInformation;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole extension as deployed: members from a real DNS server's SRV records (a headless
 * Service's), tunnels to guacd doubles, and a scale-up from three to five pods under live sessions.
 */
class SrvRoutingIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<GuacdDouble> doubles = new ArrayList<>();
    private final List<Forwarder> forwarders = new ArrayList<>();
    private final List<GuacamoleTunnel> tunnels = new ArrayList<>();
    private UnboundServer dns;
    private AffinityAuthenticationProvider provider;

    @AfterEach
    void stop() throws Exception {
        for (GuacamoleTunnel t : tunnels) {
            try {
                t.close();
            }
            catch (GuacamoleException ignored) {
                // the double may be gone already
            }
        }
        if (provider != null)
            provider.shutdown();
        forwarders.forEach(Forwarder::close);
        doubles.forEach(GuacdDouble::close);
        if (dns != null)
            dns.close();
    }

    /**
     * Listens on a pod's own loopback address and pipes each connection to its double (which listens
     * on 127.0.0.1 only), so every member has a distinct host as pods do.
     */
    static final class Forwarder implements AutoCloseable {

        private final ServerSocket listener;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        Forwarder(String address, int targetPort) throws IOException {
            listener = new ServerSocket(0, 100, InetAddress.getByName(address));
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket client = listener.accept();
                        Socket upstream = new Socket(GuacdDouble.HOST, targetPort);
                        sockets.add(client);
                        sockets.add(upstream);
                        pipe(client, upstream);
                        pipe(upstream, client);
                    }
                }
                catch (IOException closed) {
                    // listener closed
                }
            }, "forwarder-" + address);
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void pipe(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n; (n = in.read(buffer)) >= 0; )
                        out.write(buffer, 0, n);
                }
                catch (IOException ignored) {
                    // either side closed
                }
                finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "pipe");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            }
            catch (IOException ignored) {
                // already closed
            }
        }

        @Override
        public void close() {
            try {
                listener.close();
            }
            catch (IOException ignored) {
                // already closed
            }
            sockets.forEach(Forwarder::closeQuietly);
        }
    }

    private HeadlessService pods(int count) {
        HeadlessService service = new HeadlessService(1);
        for (int i = 0; i < count; i++)
            service.pod(i, "127.0.0.1", forwarders.get(i).port());
        return service;
    }

    private GuacamoleTunnel connect(String user) throws GuacamoleException {
        GuacamoleTunnel tunnel = provider.decorate(Logins.userMapping(user), Logins.user(user, "10.3.0.1"),
                Logins.credentials(user, "10.3.0.1")).getConnectionDirectory().get("desktop")
                .connect(new GuacamoleClientInformation(), Logins.tokens(user));
        tunnels.add(tunnel);
        return tunnel;
    }

    private String servedBy(GuacamoleTunnel tunnel) {
        String id = ((ConfiguredGuacamoleSocket) tunnel.getSocket()).getConnectionID();
        for (GuacdDouble d : doubles)
            if (d.issued(id))
                return d.name();
        throw new AssertionError("no double issued " + id);
    }

    @Test
    void srvMembersRouteAndAScaleUpMovesNoLiveSession() throws Exception {
        for (int i = 0; i < 5; i++) {
            doubles.add(GuacdDouble.start(HeadlessService.podName(i)));
            forwarders.add(new Forwarder("127.0.1." + i, doubles.get(i).port()));
        }
        dns = UnboundServer.create();
        dns.setRecords(pods(3).records());
        dns.start();

        Map<String, String> properties = new HashMap<>();
        properties.put("guacd-affinity-srv", HeadlessService.SRV);
        properties.put("guacd-affinity-dns-servers", dns.address());
        properties.put("guacd-affinity-dns-timeout", "1000");
        properties.put("guacd-affinity-refresh-min", "1");
        properties.put("guacd-affinity-refresh-max", "2");
        // Each pod gets its own loopback address, as pod IPs differ; a forwarder there leads to its double.
        properties.put("guacd-affinity-srv-host-template", "127.0.1.{ordinal}");
        provider = new AffinityAuthenticationProvider(properties::get);
        AffinityService service = provider.getService();
        assertEquals(RingSource.SRV, service.membershipStatus().source(), service.membershipStatus().toString());
        HashRing before = service.router().ring();
        assertEquals(3, before.size());

        Map<String, GuacamoleTunnel> live = new HashMap<>();
        Map<String, String> where = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            String user = "srv-user" + i;
            GuacamoleTunnel t = connect(user);
            assertEquals(before.route("user:" + user).name(), servedBy(t));
            live.put(user, t);
            where.put(user, servedBy(t));
        }

        dns.setRecords(pods(5).records());
        assertTrue(Poll.until(() -> service.router().ring().size() == 5, WAIT),
                "the ring never grew: " + service.membershipStatus());
        HashRing after = service.router().ring();
        int ownerChanged = 0;
        for (Map.Entry<String, GuacamoleTunnel> e : live.entrySet()) {
            String user = e.getKey();
            assertTrue(e.getValue().isOpen());
            if (!after.route("user:" + user).name().equals(where.get(user)))
                ownerChanged++;
            assertEquals(where.get(user), servedBy(connect(user)), user + " has live sessions and must stay");
        }
        assertTrue(ownerChanged > 0, "the bigger ring should own some users elsewhere");
        int onNewPods = 0;
        for (int i = 0; i < 60; i++) {
            String user = "srv-newcomer" + i;
            String served = servedBy(connect(user));
            assertEquals(after.route("user:" + user).name(), served);
            if (served.equals("guacd-stateful-3") || served.equals("guacd-stateful-4"))
                onNewPods++;
        }
        assertTrue(onNewPods > 0, "no newcomer landed on the new pods");
        System.out.printf("SRV routing: %d of 60 live users would move under the 5-pod ring and stayed;"
                + " %d of 60 newcomers went to the new pods%n", ownerChanged, onNewPods);
    }
}
