package io.guacdaffinity.testing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A loopback port where nothing listens, for "guacd is down" cases without a double. */
public final class DeadPort {

    private static final int ATTEMPTS = 20;
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private DeadPort() {
    }

    /**
     * A port on {@value GuacdDouble#HOST} that refused a connection just now: one that was free a moment ago,
     * checked by connecting to it. Another process could still take it later, which is unlikely in a test run.
     */
    public static int find() throws IOException {
        InetAddress loopback = InetAddress.getByName(GuacdDouble.HOST);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
                port = probe.getLocalPort();
            }
            if (refuses(loopback, port))
                return port;
        }
        throw new IOException("No refusing loopback port found in " + ATTEMPTS + " attempts");
    }

    /** True if a connect to {@code port} on loopback is refused right now. */
    public static boolean refuses(int port) throws IOException {
        return refuses(InetAddress.getByName(GuacdDouble.HOST), port);
    }

    private static boolean refuses(InetAddress loopback, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(loopback, port), CONNECT_TIMEOUT_MILLIS);
            return false;
        }
        catch (ConnectException e) {
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }
}
