package io.guacdaffinity.guacamole;

import io.guacdaffinity.testing.GuacdDouble;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Listens on a pod's own loopback address and pipes each connection to its double (which listens
 * on 127.0.0.1 only), so every member has a distinct host as pods do.
 */
final class PodForwarder implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    PodForwarder(String address, int targetPort) throws IOException {
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
        sockets.forEach(PodForwarder::closeQuietly);
    }
}
