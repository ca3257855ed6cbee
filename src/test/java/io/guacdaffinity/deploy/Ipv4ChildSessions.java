package io.guacdaffinity.deploy;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * Sessions on 127.0.0.1 held by a second JVM started with {@code java.net.preferIPv4Stack}, so that
 * its sockets are IPv4 sockets listed in /proc/net/tcp, as guacd's are (it binds 0.0.0.0). This JVM's
 * own sockets are IPv6 sockets and appear in /proc/net/tcp6 even for 127.0.0.1.
 */
final class Ipv4ChildSessions implements Sessions {

    private final Process child;
    private final BufferedReader replies;
    private final Writer commands;
    private final int port;

    Ipv4ChildSessions() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String classes = new File(LoopbackSessions.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getPath();
        child = new ProcessBuilder(java, "-Djava.net.preferIPv4Stack=true", "-cp", classes,
                LoopbackSessions.class.getName(), "127.0.0.1")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        replies = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        commands = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
        String first = replies.readLine();
        if (first == null || !first.startsWith("port "))
            throw new IOException("session holder JVM did not start: " + first);
        port = Integer.parseInt(first.substring("port ".length()));
    }

    @Override
    public int port() {
        return port;
    }

    private void send(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
        String reply = replies.readLine();
        if (!"ok".equals(reply))
            throw new IOException("session holder JVM answered \"" + reply + "\" to \"" + command + "\"");
    }

    @Override
    public void open(int count) throws IOException {
        send("open " + count);
    }

    @Override
    public void close(int count) throws IOException {
        send("close " + count);
    }

    @Override
    public void stopListening() throws IOException {
        send("stop-listening");
    }

    @Override
    public void close() throws Exception {
        commands.close();
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
