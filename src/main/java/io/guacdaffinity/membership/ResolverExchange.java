package io.guacdaffinity.membership;

import org.xbill.DNS.Message;
import org.xbill.DNS.NioClient;
import org.xbill.DNS.SimpleResolver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
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
            if (cause instanceof IOException)
                throw (IOException) cause;
            throw new IOException(cause == null ? e : cause);
        }
        finally {
            answer.cancel(true);
        }
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
