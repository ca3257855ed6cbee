package io.guacdaffinity.testing;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A guacd stand-in on a loopback port that speaks the real Guacamole protocol (through guacamole-common's
 * reader and writer) in guacd 1.6.0's order: see {@link GuacdUser}. It hosts connections for the protocols in
 * {@link GuacdProtocols}, issues {@code $<uuid>} ids, accepts joins only for ids it issued that are still live,
 * streams {@code sync} to every user, and records every user it served.
 *
 * <p>{@link #stop()} behaves like a pod dying (listener closed, every socket reset);
 * {@link #restart()} listens again on the same port.
 */
public final class GuacdDouble implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(GuacdDouble.class);

    public static final String HOST = "127.0.0.1";

    /** Interval between the {@code sync} instructions streamed to every user. */
    public static final Duration SYNC_INTERVAL = Duration.ofMillis(200);

    private static final int BACKLOG = 512;
    private static final int MAX_SOCKETS = 2048;
    private static final int BIND_ATTEMPTS = 50;
    private static final long BIND_RETRY_MILLIS = 100;
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final String host;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService ticker;

    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<GuacdUser> streamingUsers = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, HostedConnection> liveConnections = new ConcurrentHashMap<>();
    private final Set<String> issuedIds = ConcurrentHashMap.newKeySet();
    private final List<ServedSession> served = Collections.synchronizedList(new ArrayList<>());

    private volatile int port;
    private volatile ServerSocket listener;
    private volatile Thread acceptor;
    private volatile boolean closed;
    /** Like a guacd whose main process is stopped: the kernel still accepts, nobody reads or writes. */
    private volatile boolean frozen;
    private final List<Socket> parked = Collections.synchronizedList(new ArrayList<>());

    /** Plain TCP, or TLS as guacd started with {@code -C} and {@code -K}. */
    private final ServerSocketFactory listeners;

    private GuacdDouble(String name, String host, ServerSocketFactory listeners) {
        this.name = name;
        this.host = host;
        this.listeners = listeners;
        this.workers = new ThreadPoolExecutor(0, MAX_SOCKETS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemonThreads(name + "-user"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemonThreads(name + "-sync"));
        ticker.scheduleWithFixedDelay(this::sendSyncs, SYNC_INTERVAL.toMillis(), SYNC_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Starts a double on a free loopback port. */
    public static GuacdDouble start(String name) throws IOException {
        return start(name, 0);
    }

    /** Starts a double on {@code port} (0 for a free one), retrying the bind briefly if the port is still held. */
    public static GuacdDouble start(String name, int port) throws IOException {
        return start(name, HOST, port);
    }

    /**
     * Starts a double on another loopback address (any of 127.0.0.0/8), as each guacd pod has an address of
     * its own, on {@code port} (0 for a free one).
     */
    public static GuacdDouble start(String name, String host, int port) throws IOException {
        return start(name, host, port, ServerSocketFactory.getDefault());
    }

    /**
     * Starts a double that speaks TLS from the first byte, as guacd does with a certificate and key:
     * the TLS handshake comes before {@code select} is read.
     */
    public static GuacdDouble startTls(String name, SSLContext tls) throws IOException {
        return start(name, HOST, 0, tls.getServerSocketFactory());
    }

    private static GuacdDouble start(String name, String host, int port, ServerSocketFactory listeners)
            throws IOException {
        if (name == null || name.isEmpty())
            throw new IllegalArgumentException("A guacd double needs a name");
        if (port < 0 || port > 65535)
            throw new IllegalArgumentException("Port " + port + " is outside 0..65535");
        if (!InetAddress.getByName(host).isLoopbackAddress())
            throw new IllegalArgumentException(host + " is not a loopback address");
        GuacdDouble guacd = new GuacdDouble(name, host, listeners);
        try {
            guacd.listen(port);
        }
        catch (IOException | RuntimeException e) {
            guacd.close();
            throw e;
        }
        return guacd;
    }

    public String name() {
        return name;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        ServerSocket current = listener;
        return current != null && !current.isClosed();
    }

    /**
     * Like a pod dying: closes the listener (new connects are refused) and resets every socket, live sessions
     * and handshakes alike. Returns once every user has been cleaned up.
     */
    public synchronized void stop() {
        ServerSocket current = listener;
        listener = null;
        if (current != null)
            closeQuietly(current);
        Thread accepting = acceptor;
        if (accepting != null) {
            try {
                accepting.join(STOP_GRACE.toMillis());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (parked) {
            // sockets accepted while frozen have no user to clean them up
            for (Socket socket : parked) {
                abort(socket);
                sockets.remove(socket);
            }
            parked.clear();
        }
        for (Socket socket : sockets)
            abort(socket);
        if (!poll(() -> sockets.isEmpty() && streamingUsers.isEmpty(), STOP_GRACE))
            logger.warn("{}: {} sockets still open after stop", name, sockets.size());
        logger.debug("{}: stopped", name);
    }

    /**
     * Like {@code kill -STOP} on guacd's main process: connects are still accepted (by the kernel, as
     * it were) but nothing is read or answered, and live sessions get no more syncs.
     */
    public void freeze() {
        frozen = true;
        logger.debug("{}: frozen", name);
    }

    /** Whether the double is frozen ({@link #freeze()}) and not yet thawed. */
    public boolean isFrozen() {
        return frozen;
    }

    /** Like {@code kill -CONT}: what queued up meanwhile is served at once, and sessions stream again. */
    public void thaw() {
        frozen = false;
        List<Socket> queued;
        synchronized (parked) {
            queued = new ArrayList<>(parked);
            parked.clear();
        }
        for (Socket socket : queued)
            serve(socket);
        logger.debug("{}: thawed, {} queued connects served", name, queued.size());
    }

    /** Listens again on the same port; connections from before the stop are gone for good. */
    public synchronized void restart() throws IOException {
        if (closed)
            throw new IllegalStateException("guacd double " + name + " is closed");
        if (isRunning())
            throw new IllegalStateException("guacd double " + name + " is already running on port " + port);
        listen(port);
    }

    /** Every user this double accepted (owners and joins), in order of their completed handshakes. */
    public List<ServedSession> served() {
        synchronized (served) {
            return new ArrayList<>(served);
        }
    }

    /** The users served for one connection id: its owner first, then its joins. */
    public List<ServedSession> served(String connectionId) {
        List<ServedSession> matching = new ArrayList<>();
        for (ServedSession session : served())
            if (session.connectionId.equals(connectionId))
                matching.add(session);
        return matching;
    }

    /** Ids of connections still hosted (at least one user connected), which therefore accept joins. */
    public Set<String> liveConnectionIds() {
        return Collections.unmodifiableSet(new TreeSet<>(liveConnections.keySet()));
    }

    /** Whether this double ever issued {@code connectionId}, live or not. */
    public boolean issued(String connectionId) {
        return issuedIds.contains(connectionId);
    }

    /** Open sockets that completed the handshake: owners and joins. */
    public int liveSessions() {
        return streamingUsers.size();
    }

    /** Polls until {@link #liveSessions()} equals {@code count}; false if the timeout passed first. */
    public boolean awaitLive(int count, Duration timeout) {
        return poll(() -> liveSessions() == count, timeout);
    }

    /**
     * Ends a connection from the server side, as guacd does when the remote desktop goes away: every user
     * gets {@code disconnect} and its socket closes.
     *
     * @return false if the id is not live here
     */
    public boolean endConnection(String connectionId) {
        HostedConnection connection = liveConnections.get(connectionId);
        if (connection == null)
            return false;
        for (GuacdUser user : connection.users())
            user.disconnect();
        return true;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        stop();
        ticker.shutdownNow();
        workers.shutdownNow();
    }

    @Override
    public String toString() {
        return name + "@" + host + ":" + port + (isRunning() ? "" : " (stopped)");
    }

    HostedConnection liveConnection(String connectionId) {
        return liveConnections.get(connectionId);
    }

    void register(HostedConnection connection) {
        issuedIds.add(connection.id);
        liveConnections.put(connection.id, connection);
    }

    void streaming(GuacdUser user, ServedSession session) {
        served.add(session);
        streamingUsers.add(user);
        logger.debug("{}: serving {}", name, session);
    }

    void userFinished(GuacdUser user, HostedConnection connection, ServedSession session) {
        // Connection first, live count last: whoever sees liveSessions() drop also sees the connection gone
        if (connection != null && connection.remove(user)) {
            // The last user leaving ends the connection, as guacd then stops the client process
            liveConnections.remove(connection.id, connection);
        }
        closeQuietly(user.socket());
        if (session != null)
            session.markClosed();
        sockets.remove(user.socket());
        streamingUsers.remove(user);
    }

    private void listen(int requestedPort) throws IOException {
        ServerSocket bound = bind(requestedPort);
        port = bound.getLocalPort();
        listener = bound;
        Thread thread = new Thread(() -> acceptLoop(bound), name + "-accept");
        thread.setDaemon(true);
        acceptor = thread;
        thread.start();
        logger.debug("{}: listening on {}:{}", name, host, port);
    }

    private ServerSocket bind(int requestedPort) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(host), requestedPort);
        for (int attempt = 1; ; attempt++) {
            ServerSocket socket = listeners.createServerSocket();
            try {
                socket.setReuseAddress(true);
                socket.bind(address, BACKLOG);
                return socket;
            }
            catch (BindException e) {
                closeQuietly(socket);
                if (requestedPort == 0 || attempt >= BIND_ATTEMPTS)
                    throw new BindException("Cannot bind " + address + " after " + attempt + " attempts: "
                            + e.getMessage());
                sleep(BIND_RETRY_MILLIS);
            }
        }
    }

    private void acceptLoop(ServerSocket bound) {
        while (!bound.isClosed()) {
            Socket socket;
            try {
                socket = bound.accept();
            }
            catch (IOException e) {
                return;
            }
            sockets.add(socket);
            if (listener != bound) {
                // stop() ran between accept() and the registration above
                abort(socket);
                sockets.remove(socket);
                continue;
            }
            if (frozen) {
                parked.add(socket);
                continue;
            }
            serve(socket);
        }
    }

    private void serve(Socket socket) {
        try {
            workers.execute(new GuacdUser(this, socket));
        }
        catch (RejectedExecutionException e) {
            logger.warn("{}: more than {} sockets, refusing {}", name, MAX_SOCKETS,
                    socket.getRemoteSocketAddress());
            abort(socket);
            sockets.remove(socket);
        }
    }

    private void sendSyncs() {
        if (frozen)
            return;
        long timestamp = System.currentTimeMillis();
        for (GuacdUser user : streamingUsers)
            user.sendSync(timestamp);
    }

    static void abort(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        }
        catch (IOException e) {
            // Already closed: nothing to reset
        }
        closeQuietly(socket);
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        }
        catch (Exception e) {
            logger.trace("close failed", e);
        }
    }

    static boolean poll(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0)
                return false;
            sleep(10);
        }
        return true;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
