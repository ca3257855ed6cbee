package io.guacdaffinity.membership;

import org.xbill.DNS.Message;
import org.xbill.DNS.NioClient;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.WireParseException;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Queries through dnsjava's {@link SimpleResolver}: UDP with EDNS, and the same query again over
 * TCP when the answer comes back truncated (many pods make answers larger than a datagram).
 *
 * <p>dnsjava keeps one selector thread for all queries. It is a daemon, but inside a web
 * application it would outlive an undeployed extension, so the last exchange to close stops it.
 */
final class ResolverExchange implements DnsExchange, AutoCloseable {

    private static final AtomicInteger OPEN = new AtomicInteger();

    private boolean closed;

    ResolverExchange() {
        OPEN.incrementAndGet();
    }

    @Override
    public Message send(InetSocketAddress server, Message query, Duration timeout)
            throws IOException, TimeoutException {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(timeout);
        // Continue on dnsjava's own thread instead of the JVM-wide common pool.
        CompletableFuture<Message> answer = resolver.sendAsync(query, Runnable::run).toCompletableFuture();
        try {
            // dnsjava notices its own timeouts only once per selector round (up to a second late).
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the answer", e);
        }
        catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SocketTimeoutException)
                throw new TimeoutException(cause.getMessage());
            if (cause instanceof WireParseException)
                return headerOnlyRefusal(server, query, timeout, (WireParseException) cause);
            if (cause instanceof IOException)
                throw (IOException) cause;
            throw new IOException(cause == null ? e : cause);
        }
        finally {
            answer.cancel(true);
        }
    }

    /**
     * unbound and other resolvers refuse a client outside their access control with a bare header,
     * no question section, which dnsjava rejects as invalid. Asks once more over plain UDP and reads
     * such a header, so that the admin sees "answered REFUSED" rather than "not valid DNS".
     *
     * @throws WireParseException {@code original}, when the reply is anything else
     */
    private static Message headerOnlyRefusal(InetSocketAddress server, Message query, Duration timeout,
            WireParseException original) throws WireParseException {
        try (DatagramSocket socket = new DatagramSocket()) {
            // connected: only that server's reply is taken; it just answered, so a second is enough
            socket.connect(server);
            socket.setSoTimeout((int) Math.max(1, Math.min(timeout.toMillis(), 1000)));
            byte[] out = query.toWire();
            socket.send(new DatagramPacket(out, out.length, server));
            byte[] in = new byte[512];
            DatagramPacket reply = new DatagramPacket(in, in.length);
            socket.receive(reply);
            Message m = new Message(Arrays.copyOf(in, reply.getLength()));
            if (m.getHeader().getID() == query.getHeader().getID() && m.getHeader().getCount(Section.QUESTION) == 0
                    && m.getRcode() != Rcode.NOERROR && m.getRcode() != Rcode.NXDOMAIN)
                return m;
        }
        catch (IOException e) {
            // fall through: report what dnsjava found
        }
        throw original;
    }

    @Override
    public synchronized void close() {
        if (closed)
            return;
        closed = true;
        if (OPEN.decrementAndGet() == 0)
            NioClient.close();
    }
}
