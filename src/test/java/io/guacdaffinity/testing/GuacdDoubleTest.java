package io.guacdaffinity.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.guacamole.GuacamoleConnectionClosedException;
import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleResourceNotFoundException;
import org.apache.guacamole.GuacamoleServerException;
import org.apache.guacamole.io.GuacamoleReader;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.InetGuacamoleSocket;
import org.apache.guacamole.net.SimpleGuacamoleTunnel;
import org.apache.guacamole.protocol.ConfiguredGuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleClientInformation;
import org.apache.guacamole.protocol.GuacamoleConfiguration;
import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.apache.guacamole.protocol.GuacamoleProtocolVersion;
import org.apache.guacamole.protocol.GuacamoleStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The double, driven by guacamole-common's own client classes exactly as Guacamole drives guacd. */
class GuacdDoubleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** How long a test listens to make sure nothing arrives: a wrongly closed socket shows at once. */
    private static final int SILENCE_MILLIS = 500;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        for (int i = cleanup.size() - 1; i >= 0; i--)
            GuacdDouble.closeQuietly(cleanup.get(i));
    }

    @Test
    void handshakeIssuesAConnectionIdAndSyncsFlow() throws Exception {
        GuacdDouble guacd = started("guacd-a");

        ConfiguredGuacamoleSocket socket = open(guacd, rdp("alice"));
        String id = socket.getConnectionID();
        assertTrue(id.matches("\\$[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), id);
        assertEquals(GuacamoleProtocolVersion.VERSION_1_5_0, socket.getProtocolVersion());

        GuacamoleTunnel tunnel = tunnel(socket);
        List<Long> timestamps = readSyncTimestamps(tunnel, 3);
        assertTrue(timestamps.get(0) < timestamps.get(1) && timestamps.get(1) < timestamps.get(2),
                "sync timestamps increase: " + timestamps);

        List<ServedSession> served = guacd.served();
        assertEquals(1, served.size());
        ServedSession session = served.get(0);
        assertEquals(id, session.connectionId);
        assertFalse(session.join);
        assertEquals("rdp", session.protocol);
        assertEquals("guacd-a", session.guacdName);
        assertEquals("VERSION_1_5_0", session.clientProtocolVersion);
        assertEquals("desktop-alice.lab", session.parameter("hostname"));
        assertEquals("alice", session.parameter("username"));
        assertEquals("********", session.parameter("password"), "password is masked");
        assertEquals("", session.parameter("domain"), "unset parameters arrive empty");
        assertTrue(session.isOpen());
        assertEquals(Set.of(id), guacd.liveConnectionIds());
        assertEquals(1, guacd.liveSessions());

        tunnel.close();
        assertTrue(guacd.awaitLive(0, WAIT));
        assertNotNull(session.closedAt);
        assertFalse(session.closedAt.isBefore(session.openedAt));
        assertTrue(guacd.liveConnectionIds().isEmpty(), "the last user leaving ends the connection");
        assertTrue(guacd.issued(id));
    }

    @Test
    void wireFormatMatchesGuacd() throws Exception {
        GuacdDouble guacd = started("guacd-wire");

        try (Socket raw = new Socket(guacd.host(), guacd.port())) {
            raw.setSoTimeout((int) WAIT.toMillis());
            send(raw, "6.select,3.vnc;");
            String args = readUntil(raw.getInputStream(), ';');
            assertTrue(args.startsWith("4.args,13.VERSION_1_5_0,8.hostname,4.port,"), args);
        }

        try (Socket raw = new Socket(guacd.host(), guacd.port())) {
            raw.setSoTimeout((int) WAIT.toMillis());
            send(raw, "6.select,37.$00000000-0000-0000-0000-000000000000;");
            assertEquals("5.error,19.No such connection.,3.516;", readToEnd(raw.getInputStream()),
                    "guacd's answer to an unknown id, then the socket closes");
        }
    }

    @Test
    void aJoinByIdLandsOnTheIssuingDoubleAndIsRecordedAsAJoin() throws Exception {
        GuacdDouble guacd = started("guacd-join");
        ConfiguredGuacamoleSocket owner = open(guacd, rdp("bob"));
        String id = owner.getConnectionID();
        GuacamoleTunnel ownerTunnel = tunnel(owner);

        GuacamoleConfiguration joinConfig = new GuacamoleConfiguration();
        joinConfig.setConnectionID(id);
        joinConfig.setParameter("read-only", "true");
        ConfiguredGuacamoleSocket joiner = open(guacd, joinConfig);
        assertEquals(id, joiner.getConnectionID(), "ready carries the joined id");
        GuacamoleTunnel joinTunnel = tunnel(joiner);
        assertEquals(2, readSyncTimestamps(joinTunnel, 2).size());

        List<ServedSession> served = guacd.served();
        assertEquals(2, served.size());
        assertFalse(served.get(0).join);
        ServedSession join = served.get(1);
        assertTrue(join.join);
        assertEquals(id, join.connectionId);
        assertEquals("rdp", join.protocol, "a join speaks the protocol of the connection it joins");
        assertEquals("true", join.parameter("read-only"));
        assertEquals(2, guacd.served(id).size());
        assertEquals(2, guacd.liveSessions());
        assertEquals(Set.of(id), guacd.liveConnectionIds());

        // As in guacd, the connection outlives its owner while a joined user remains
        ownerTunnel.close();
        assertTrue(guacd.awaitLive(1, WAIT));
        assertEquals(Set.of(id), guacd.liveConnectionIds());
        joinTunnel.close();
        assertTrue(guacd.awaitLive(0, WAIT));
        assertTrue(guacd.liveConnectionIds().isEmpty());
    }

    @Test
    void joiningAnIdThisDoubleDidNotIssueFailsWithResourceNotFound() throws Exception {
        GuacdDouble issuer = started("guacd-issuer");
        GuacdDouble other = started("guacd-other");
        ConfiguredGuacamoleSocket owner = open(issuer, rdp("carol"));
        String id = owner.getConnectionID();
        GuacamoleTunnel ownerTunnel = tunnel(owner);

        GuacamoleResourceNotFoundException wrongDouble = assertThrows(GuacamoleResourceNotFoundException.class,
                () -> open(other, joinOf(id)));
        assertEquals(GuacamoleStatus.RESOURCE_NOT_FOUND, wrongDouble.getStatus());
        assertEquals("No such connection.", wrongDouble.getMessage());

        assertThrows(GuacamoleResourceNotFoundException.class,
                () -> open(issuer, joinOf("$11111111-2222-3333-4444-555555555555")));

        ownerTunnel.close();
        assertTrue(issuer.awaitLive(0, WAIT));
        assertThrows(GuacamoleResourceNotFoundException.class, () -> open(issuer, joinOf(id)),
                "an ended connection cannot be joined");

        assertEquals(1, issuer.served().size());
        assertTrue(other.served().isEmpty());
    }

    @Test
    void anUnsupportedProtocolGetsSilenceUntilTheClientWrites() throws Exception {
        GuacdDouble guacd = started("guacd-proto");

        try (Socket raw = new Socket(guacd.host(), guacd.port())) {
            send(raw, "6.select,6.gopher;");
            // guacd 1.6.0 neither answers nor closes: the client only ever sees its own read timeout
            raw.setSoTimeout(SILENCE_MILLIS);
            assertThrows(SocketTimeoutException.class, () -> raw.getInputStream().read(),
                    "no args, no error and no end of stream");

            send(raw, "4.size,4.1024,3.768,2.96;");
            raw.setSoTimeout((int) WAIT.toMillis());
            assertEquals(-1, raw.getInputStream().read(), "the client's next write ends the socket");
        }
        assertTrue(guacd.served().isEmpty());
    }

    @Test
    void aClientDisconnectIsAnsweredWithDisconnect() throws Exception {
        GuacdDouble guacd = started("guacd-bye");
        ConfiguredGuacamoleSocket socket = open(guacd, rdp("dave"));
        socket.getWriter().writeInstruction(new GuacamoleInstruction("disconnect"));

        GuacamoleReader reader = socket.getReader();
        GuacamoleInstruction instruction;
        String last = null;
        while ((instruction = reader.readInstruction()) != null)
            last = instruction.getOpcode();
        assertEquals("disconnect", last);
        assertTrue(guacd.awaitLive(0, WAIT));
    }

    @Test
    void endConnectionSendsDisconnectToEveryUser() throws Exception {
        GuacdDouble guacd = started("guacd-end");
        ConfiguredGuacamoleSocket socket = open(guacd, rdp("erin"));
        String id = socket.getConnectionID();
        // "ready" reaches the client a moment before the double counts the user as streaming
        assertTrue(guacd.awaitLive(1, WAIT));

        assertTrue(guacd.endConnection(id));
        assertThrows(GuacamoleConnectionClosedException.class, () -> readSyncTimestamps(tunnel(socket), 1000));
        assertTrue(guacd.awaitLive(0, WAIT));
        assertFalse(guacd.endConnection(id));
    }

    @Test
    void stopRefusesNewConnectionsAndBreaksLiveOnes() throws Exception {
        GuacdDouble guacd = started("guacd-dying");
        int port = guacd.port();
        GuacamoleTunnel tunnel = tunnel(open(guacd, rdp("frank")));
        readSyncTimestamps(tunnel, 1);
        ServedSession session = guacd.served().get(0);

        guacd.stop();

        assertFalse(guacd.isRunning());
        assertEquals(0, guacd.liveSessions());
        assertTrue(guacd.liveConnectionIds().isEmpty());
        assertNotNull(session.closedAt);
        assertTrue(liveTunnelEnds(tunnel), "the live tunnel sees EOF or a reset");

        GuacamoleServerException refused = assertThrows(GuacamoleServerException.class,
                () -> new InetGuacamoleSocket(GuacdDouble.HOST, port));
        assertInstanceOf(ConnectException.class, refused.getCause());
        assertTrue(DeadPort.refuses(port));
    }

    @Test
    void restartListensAgainOnTheSamePort() throws Exception {
        GuacdDouble guacd = started("guacd-phoenix");
        int port = guacd.port();
        String before = open(guacd, rdp("grace")).getConnectionID();

        guacd.stop();
        guacd.restart();

        assertTrue(guacd.isRunning());
        assertEquals(port, guacd.port());
        ConfiguredGuacamoleSocket after = open(guacd, rdp("grace"));
        assertNotEquals(before, after.getConnectionID());
        assertEquals(1, readSyncTimestamps(tunnel(after), 1).size());
        assertThrows(GuacamoleResourceNotFoundException.class, () -> open(guacd, joinOf(before)),
                "connections from before the restart died with it");
        assertThrows(IllegalStateException.class, guacd::restart);
    }

    @Test
    void aDoubleOnAnotherLoopbackAddressListensThereOnlyAndRestartsThere() throws Exception {
        GuacdDouble pod = GuacdDouble.start("guacd-stateful-7", "127.0.1.7", 0);
        cleanup.add(pod);
        assertEquals("127.0.1.7", pod.host());
        assertEquals(1, readSyncTimestamps(tunnel(open(pod, rdp("heidi"))), 1).size());
        assertThrows(GuacamoleServerException.class, () -> new InetGuacamoleSocket(GuacdDouble.HOST, pod.port()));

        pod.stop();
        pod.restart();
        assertEquals("127.0.1.7", pod.host());
        assertEquals(1, readSyncTimestamps(tunnel(open(pod, rdp("heidi"))), 1).size());
        assertThrows(IllegalArgumentException.class, () -> GuacdDouble.start("outside", "192.0.2.1", 0));
    }

    @Test
    void threeDoublesRunAtOnceAndEachHostsItsOwnConnections() throws Exception {
        GuacdCluster cluster = GuacdCluster.start(3);
        cleanup.add(cluster);

        Set<Integer> ports = new HashSet<>();
        List<String> ids = new ArrayList<>();
        for (GuacdDouble guacd : cluster.doubles()) {
            ports.add(guacd.port());
            ConfiguredGuacamoleSocket socket = open(guacd, rdp("user-of-" + guacd.name()));
            tunnel(socket);
            ids.add(socket.getConnectionID());
        }
        assertEquals(3, ports.size());
        assertEquals("guacd-stateful-2", cluster.get(2).name());

        for (int i = 0; i < 3; i++) {
            GuacdDouble guacd = cluster.get(i);
            assertEquals(guacd, cluster.whoServed(ids.get(i)).orElseThrow());
            assertEquals(guacd, cluster.byPort(guacd.port()));
            assertEquals(Set.of(ids.get(i)), guacd.liveConnectionIds());
            String id = ids.get(i);
            open(guacd, joinOf(id));
            GuacdDouble neighbour = cluster.get((i + 1) % 3);
            assertThrows(GuacamoleResourceNotFoundException.class, () -> open(neighbour, joinOf(id)));
        }
        assertTrue(cluster.awaitLive(6, WAIT));
        assertTrue(cluster.whoServed("$not-issued").isEmpty());

        cluster.get(1).stop();
        assertEquals(0, cluster.get(1).liveSessions());
        assertEquals(2, cluster.get(0).liveSessions(), "stopping one double leaves the others alone");
        assertEquals(2, cluster.get(2).liveSessions());
    }

    @Test
    void twoHundredConcurrentSessionsOpenAndClose() throws Exception {
        int sessions = 200;
        GuacdDouble guacd = started("guacd-busy");
        ExecutorService clients = Executors.newFixedThreadPool(sessions);
        CountDownLatch allOpen = new CountDownLatch(sessions);
        CountDownLatch release = new CountDownLatch(1);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                String user = "user-" + i;
                results.add(clients.submit(() -> {
                    ConfiguredGuacamoleSocket socket = open(guacd, rdp(user));
                    GuacamoleTunnel tunnel = new SimpleGuacamoleTunnel(socket);
                    try {
                        readSyncTimestamps(tunnel, 1);
                        allOpen.countDown();
                        assertTrue(release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
                        return socket.getConnectionID();
                    }
                    finally {
                        tunnel.close();
                    }
                }));
            }
            assertTrue(allOpen.await(WAIT.toSeconds() * 2, TimeUnit.SECONDS), "all sessions opened");
            assertEquals(sessions, guacd.liveSessions());
            assertEquals(sessions, guacd.liveConnectionIds().size());
            release.countDown();

            Set<String> ids = new HashSet<>();
            for (Future<String> result : results)
                ids.add(result.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(sessions, ids.size(), "every session got its own id");
            assertTrue(guacd.awaitLive(0, WAIT), "live sessions back to 0, still " + guacd.liveSessions());
            assertTrue(guacd.liveConnectionIds().isEmpty());
            assertEquals(sessions, guacd.served().size());
            assertTrue(guacd.served().stream().noneMatch(ServedSession::isOpen));
        }
        finally {
            release.countDown();
            clients.shutdownNow();
        }
    }

    @Test
    void deadPortRefuses() throws Exception {
        int port = DeadPort.find();
        assertTrue(DeadPort.refuses(port));
        assertThrows(GuacamoleServerException.class, () -> new InetGuacamoleSocket(GuacdDouble.HOST, port));
    }

    private GuacdDouble started(String name) throws IOException {
        GuacdDouble guacd = GuacdDouble.start(name);
        cleanup.add(guacd);
        return guacd;
    }

    private ConfiguredGuacamoleSocket open(GuacdDouble guacd, GuacamoleConfiguration config)
            throws GuacamoleException {
        InetGuacamoleSocket inet = new InetGuacamoleSocket(guacd.host(), guacd.port());
        try {
            ConfiguredGuacamoleSocket socket = new ConfiguredGuacamoleSocket(inet, config, clientInformation());
            synchronized (cleanup) {
                cleanup.add(socket::close);
            }
            return socket;
        }
        catch (GuacamoleException | RuntimeException e) {
            inet.close();
            throw e;
        }
    }

    private GuacamoleTunnel tunnel(ConfiguredGuacamoleSocket socket) {
        GuacamoleTunnel tunnel = new SimpleGuacamoleTunnel(socket);
        cleanup.add(tunnel::close);
        return tunnel;
    }

    private static GuacamoleClientInformation clientInformation() {
        GuacamoleClientInformation info = new GuacamoleClientInformation();
        info.setOptimalScreenWidth(1280);
        info.setOptimalScreenHeight(800);
        info.getImageMimetypes().add("image/png");
        info.getAudioMimetypes().add("audio/L16");
        info.setTimezone("Europe/Berlin");
        info.setName("test client");
        return info;
    }

    private static GuacamoleConfiguration rdp(String user) {
        GuacamoleConfiguration config = new GuacamoleConfiguration();
        config.setProtocol("rdp");
        config.setParameter("hostname", "desktop-" + user + ".lab");
        config.setParameter("port", "3389");
        config.setParameter("username", user);
        config.setParameter("password", "secret-of-" + user);
        return config;
    }

    private static GuacamoleConfiguration joinOf(String connectionId) {
        GuacamoleConfiguration config = new GuacamoleConfiguration();
        config.setConnectionID(connectionId);
        return config;
    }

    /** Reads instructions until {@code count} syncs arrived; fails on EOF. */
    private static List<Long> readSyncTimestamps(GuacamoleTunnel tunnel, int count) throws GuacamoleException {
        List<Long> timestamps = new ArrayList<>();
        GuacamoleReader reader = tunnel.acquireReader();
        try {
            while (timestamps.size() < count) {
                GuacamoleInstruction instruction = reader.readInstruction();
                if (instruction == null)
                    throw new GuacamoleConnectionClosedException("EOF after " + timestamps.size() + " syncs");
                if ("disconnect".equals(instruction.getOpcode()))
                    throw new GuacamoleConnectionClosedException("disconnect after " + timestamps.size() + " syncs");
                if ("sync".equals(instruction.getOpcode()))
                    timestamps.add(Long.parseLong(instruction.getArgs().get(0)));
            }
        }
        finally {
            tunnel.releaseReader();
        }
        return timestamps;
    }

    private static boolean liveTunnelEnds(GuacamoleTunnel tunnel) {
        GuacamoleReader reader = tunnel.acquireReader();
        try {
            for (int i = 0; i < 10_000; i++) {
                if (reader.readInstruction() == null)
                    return true;
            }
            return false;
        }
        catch (GuacamoleException e) {
            return true;
        }
        finally {
            tunnel.releaseReader();
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readUntil(InputStream in, char end) throws IOException {
        StringBuilder text = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            text.append((char) c);
            if (c == end)
                break;
        }
        return text.toString();
    }

    private static String readToEnd(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
