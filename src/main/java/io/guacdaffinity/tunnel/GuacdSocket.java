package io.guacdaffinity.tunnel;

import io.guacdaffinity.routing.GuacdDialer;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleServerException;
import org.apache.guacamole.GuacamoleUpstreamTimeoutException;
import org.apache.guacamole.GuacamoleUpstreamUnavailableException;
import org.apache.guacamole.io.GuacamoleReader;
import org.apache.guacamole.io.GuacamoleWriter;
import org.apache.guacamole.io.ReaderGuacamoleReader;
import org.apache.guacamole.io.WriterGuacamoleWriter;
import org.apache.guacamole.net.GuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleInstruction;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * A TCP (optionally TLS) socket to one guacd. Guacamole's own Inet/SSL sockets wait 15 s to connect
 * whatever the caller needs; this one takes the configured connect timeout, also as the read timeout
 * while the handshake runs, so a dead member costs at most about one timeout per step before the next
 * member is tried. After the handshake the read timeout becomes Guacamole's usual 15 s.
 */
final class GuacdSocket implements GuacamoleSocket {

    /** Guacamole's read timeout for an established tunnel: guacd sends at least a sync that often. */
    static final int ESTABLISHED_READ_TIMEOUT_MILLIS = 15000;

    private final Socket socket;
    private final FirstWordReader reader;
    private final GuacamoleWriter writer;

    GuacdSocket(String host, int port, GuacdDialer dialer) throws GuacamoleException {
        Socket s = null;
        try {
            s = dialer.dial(host, port);
            reader = new FirstWordReader(new ReaderGuacamoleReader(
                    new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)));
            writer = new WriterGuacamoleWriter(new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8));
            socket = s;
        }
        catch (SocketTimeoutException e) {
            closeQuietly(s);
            throw new GuacamoleUpstreamTimeoutException("guacd at " + host + ":" + port
                    + " did not answer within " + dialer.timeoutMillis() + " ms", e);
        }
        catch (UnknownHostException e) {
            closeQuietly(s);
            throw new GuacamoleUpstreamUnavailableException("guacd host " + host + " does not resolve", e);
        }
        catch (IOException e) {
            closeQuietly(s);
            throw new GuacamoleUpstreamUnavailableException("guacd at " + host + ":" + port
                    + " cannot be reached: " + e.getMessage(), e);
        }
    }

    /**
     * Whether guacd has said anything on this socket yet. A failure before guacd's first word is
     * about the member (or, for a join, about the id asked for); after it, about the request.
     */
    boolean answered() {
        return reader.answered;
    }

    /** Switches from the handshake's read timeout to the one for an established tunnel. */
    void established() throws GuacamoleException {
        try {
            socket.setSoTimeout(ESTABLISHED_READ_TIMEOUT_MILLIS);
        }
        catch (SocketException e) {
            throw new GuacamoleServerException("guacd socket closed during the handshake", e);
        }
    }

    private static void closeQuietly(Socket s) {
        if (s == null)
            return;
        try {
            s.close();
        }
        catch (IOException ignored) {
            // nothing was sent on it
        }
    }

    /** Notes whether anything was read, for {@link #answered()}. */
    private static final class FirstWordReader implements GuacamoleReader {

        private final GuacamoleReader reader;
        volatile boolean answered;

        FirstWordReader(GuacamoleReader reader) {
            this.reader = reader;
        }

        @Override
        public boolean available() throws GuacamoleException {
            return reader.available();
        }

        @Override
        public char[] read() throws GuacamoleException {
            char[] read = reader.read();
            if (read != null)
                answered = true;
            return read;
        }

        @Override
        public GuacamoleInstruction readInstruction() throws GuacamoleException {
            GuacamoleInstruction read = reader.readInstruction();
            if (read != null)
                answered = true;
            return read;
        }
    }

    @Override
    public GuacamoleReader getReader() {
        return reader;
    }

    @Override
    public GuacamoleWriter getWriter() {
        return writer;
    }

    @Override
    public void close() throws GuacamoleException {
        try {
            socket.close();
        }
        catch (IOException e) {
            throw new GuacamoleServerException("closing the guacd socket failed", e);
        }
    }

    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }
}
