package io.guacdaffinity.testing;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.io.GuacamoleReader;
import org.apache.guacamole.io.GuacamoleWriter;
import org.apache.guacamole.io.ReaderGuacamoleReader;
import org.apache.guacamole.io.WriterGuacamoleWriter;
import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.apache.guacamole.protocol.GuacamoleStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted socket of a {@link GuacdDouble}, handled the way guacd 1.6.0 handles it
 * ({@code src/guacd/connection.c}, {@code src/libguac/user-handshake.c}): {@code select}, {@code args} with the
 * protocol version first, the client's {@code size}/{@code audio}/{@code video}/{@code image}/{@code timezone}/
 * {@code name} up to {@code connect}, then {@code ready} with the connection id, then the session until the
 * client sends {@code disconnect} or goes away.
 */
final class GuacdUser implements Runnable {

    private static final Logger logger = LoggerFactory.getLogger(GuacdUser.class);

    /** guacd's GUACD_USEC_TIMEOUT: how long it waits for each handshake instruction. */
    static final int HANDSHAKE_TIMEOUT_MILLIS = 15_000;

    /**
     * Syncs sent without the client acknowledging any: beyond this the double pauses (a few dozen bytes each,
     * far below a socket buffer), so a test that never reads a tunnel can never block the sync ticker.
     */
    private static final int MAX_UNACKNOWLEDGED_SYNCS = 1000;

    private final GuacdDouble guacd;
    private final Socket socket;
    private final AtomicInteger unacknowledgedSyncs = new AtomicInteger();
    private final Object writeLock = new Object();

    private GuacamoleWriter writer;
    private volatile HostedConnection connection;
    private volatile ServedSession session;

    GuacdUser(GuacdDouble guacd, Socket socket) {
        this.guacd = guacd;
        this.socket = socket;
    }

    @Override
    public void run() {
        try {
            serve();
        }
        catch (GuacamoleException | IOException | RuntimeException e) {
            logger.debug("{}: connection from {} ended: {}", guacd.name(), socket.getRemoteSocketAddress(),
                    e.toString());
        }
        finally {
            guacd.userFinished(this, connection, session);
        }
    }

    private void serve() throws GuacamoleException, IOException {
        socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
        GuacamoleReader reader = new ReaderGuacamoleReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        writer = new WriterGuacamoleWriter(
                new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));

        // guacd drops the socket without a word when the first instruction is not a one-argument select
        GuacamoleInstruction select = reader.readInstruction();
        if (select == null || !"select".equals(select.getOpcode()) || select.getArgs().size() != 1)
            return;

        String target = select.getArgs().get(0);
        boolean join = target.startsWith("$");
        HostedConnection hosted;
        if (join) {
            hosted = guacd.liveConnection(target);
            if (hosted == null) {
                send(new GuacamoleInstruction("error", "No such connection.",
                        Integer.toString(GuacamoleStatus.RESOURCE_NOT_FOUND.getGuacamoleStatusCode())));
                return;
            }
        }
        else {
            // guacd forks a child that fails to load the plugin and exits, but its relay keeps the client's socket
            // open and silent until the client writes (the relay's write then fails) or closes: no args, no EOF
            if (!GuacdProtocols.isSupported(target)) {
                awaitClientWriteOrClose();
                return;
            }
            hosted = new HostedConnection("$" + UUID.randomUUID(), target);
        }

        List<String> names = GuacdProtocols.parameterNames(hosted.protocol);
        List<String> args = new ArrayList<>(names.size() + 1);
        args.add(GuacdProtocols.PROTOCOL_VERSION);
        args.addAll(names);
        send(new GuacamoleInstruction("args", args));

        GuacamoleInstruction connect = awaitConnect(reader);
        if (connect == null)
            return;

        // The owner's connection becomes joinable before "ready" leaves, as guacd registers its process first
        if (!join) {
            if (!hosted.add(this))
                return;
            connection = hosted;
            guacd.register(hosted);
        }

        send(new GuacamoleInstruction("ready", hosted.id));

        // guacd checks the argument count only after "ready", then drops the user
        List<String> values = connect.getArgs();
        if (values.size() != names.size() + 1)
            return;

        if (join) {
            if (!hosted.add(this))
                return;
            connection = hosted;
        }

        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++)
            parameters.put(names.get(i), GuacdProtocols.recordedValue(names.get(i), values.get(i + 1)));
        session = new ServedSession(hosted.id, join, hosted.protocol, parameters, values.get(0), Instant.now(),
                guacd.name());

        socket.setSoTimeout(0);
        guacd.streaming(this, session);

        GuacamoleInstruction instruction;
        while ((instruction = reader.readInstruction()) != null) {
            String opcode = instruction.getOpcode();
            if ("sync".equals(opcode))
                unacknowledgedSyncs.set(0);
            else if ("disconnect".equals(opcode))
                break;
        }

        // As guac_user_start does once the user's input ends
        send(new GuacamoleInstruction("disconnect"));
    }

    private void awaitClientWriteOrClose() throws IOException {
        socket.setSoTimeout(0);
        socket.getInputStream().read();
    }

    private static GuacamoleInstruction awaitConnect(GuacamoleReader reader) throws GuacamoleException {
        GuacamoleInstruction instruction;
        while ((instruction = reader.readInstruction()) != null) {
            if ("connect".equals(instruction.getOpcode()))
                return instruction;
        }
        return null;
    }

    /** Called by the double's ticker; never blocks for long because of the acknowledgement window. */
    void sendSync(long timestamp) {
        if (unacknowledgedSyncs.get() >= MAX_UNACKNOWLEDGED_SYNCS)
            return;
        try {
            send(new GuacamoleInstruction("sync", Long.toString(timestamp), "0"));
            unacknowledgedSyncs.incrementAndGet();
        }
        catch (GuacamoleException e) {
            abort();
        }
    }

    /** Ends this user the way guacd does when the remote desktop goes away: "disconnect", then close. */
    void disconnect() {
        try {
            send(new GuacamoleInstruction("disconnect"));
        }
        catch (GuacamoleException e) {
            logger.debug("{}: could not send disconnect: {}", guacd.name(), e.toString());
        }
        GuacdDouble.closeQuietly(socket);
    }

    /** Kills the socket with a reset, like a dying pod. */
    void abort() {
        GuacdDouble.abort(socket);
    }

    Socket socket() {
        return socket;
    }

    private void send(GuacamoleInstruction instruction) throws GuacamoleException {
        synchronized (writeLock) {
            writer.writeInstruction(instruction);
        }
    }
}
