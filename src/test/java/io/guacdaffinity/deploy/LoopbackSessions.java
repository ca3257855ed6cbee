package io.guacdaffinity.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Sessions held by this JVM. Its {@link #main} serves another JVM (see {@link Ipv4ChildSessions}):
 * it prints {@code port N}, then answers each stdin command ({@code open N}, {@code close N},
 * {@code stop-listening}) with {@code ok} once done, and exits at end of input.
 */
final class LoopbackSessions implements Sessions {

    private static final int ACCEPT_TIMEOUT_MILLIS = 30_000;

    private final ServerSocket listener;
    private final Deque<Socket[]> connections = new ArrayDeque<>();

    private LoopbackSessions(ServerSocket listener) {
        this.listener = listener;
    }

    static LoopbackSessions listen(InetAddress loopback) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(loopback, 0));
        listener.setSoTimeout(ACCEPT_TIMEOUT_MILLIS);
        return new LoopbackSessions(listener);
    }

    @Override
    public int port() {
        return listener.getLocalPort();
    }

    @Override
    public void open(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Socket client = new Socket(listener.getInetAddress(), listener.getLocalPort());
            Socket server = listener.accept();
            connections.push(new Socket[] {client, server});
        }
    }

    @Override
    public void close(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Socket[] pair = connections.pop();
            pair[0].close();
            pair[1].close();
        }
    }

    @Override
    public void stopListening() throws IOException {
        listener.close();
    }

    @Override
    public void close() throws IOException {
        close(connections.size());
        listener.close();
    }

    public static void main(String[] args) throws IOException {
        try (LoopbackSessions sessions = listen(InetAddress.getByName(args[0]));
             BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println("port " + sessions.port());
            System.out.flush();
            String command;
            while ((command = commands.readLine()) != null) {
                String[] words = command.trim().split(" ");
                switch (words[0]) {
                    case "open":
                        sessions.open(Integer.parseInt(words[1]));
                        break;
                    case "close":
                        sessions.close(Integer.parseInt(words[1]));
                        break;
                    case "stop-listening":
                        sessions.stopListening();
                        break;
                    default:
                        System.out.println("unknown command " + command);
                        System.out.flush();
                        continue;
                }
                System.out.println("ok");
                System.out.flush();
            }
        }
    }
}
