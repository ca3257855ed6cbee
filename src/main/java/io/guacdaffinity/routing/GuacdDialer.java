package io.guacdaffinity.routing;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.Excerpt;
import io.guacdaffinity.conf.GuacdTrustStore;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * How this extension reaches a guacd, the same for tunnels, health checks and {@code doctor}: a TCP
 * connect within the configured timeout, that timeout as the read timeout until the caller says
 * otherwise, and TLS when it is on. Guacamole's own sockets wait 15 s to connect whatever is
 * configured; a dead member must cost about one timeout before the next one is tried.
 */
public final class GuacdDialer {

    private final boolean ssl;
    private final GuacdTrustStore trust;
    private final int timeoutMillis;

    /**
     * @param trust with {@code ssl}, the certificates guacd's must chain to; null to trust the JVM's
     * @param timeoutMillis for the connect, the TLS handshake and each read until changed
     */
    public GuacdDialer(boolean ssl, GuacdTrustStore trust, int timeoutMillis) {
        this.ssl = ssl;
        this.trust = trust;
        this.timeoutMillis = timeoutMillis;
    }

    /** As {@code guacd-affinity-ssl}, {@code -ssl-truststore} and {@code -connect-timeout} say. */
    public static GuacdDialer of(AffinityConfig config) {
        return new GuacdDialer(config.ssl(), config.sslTrustStore().orElse(null), config.connectTimeoutMillis());
    }

    public boolean ssl() {
        return ssl;
    }

    public int timeoutMillis() {
        return timeoutMillis;
    }

    /**
     * A connected socket to {@code host:port}, TLS handshake done when TLS is on; closed again when
     * any step fails.
     *
     * @throws java.net.SocketTimeoutException the connect (or the handshake) took longer than the timeout
     */
    public Socket dial(String host, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            return ssl ? startTls(socket, host, port, trust) : socket;
        }
        catch (IOException | RuntimeException e) {
            try {
                socket.close();
            }
            catch (IOException ignored) {
                // the failure to connect is what gets reported
            }
            throw e;
        }
    }

    /**
     * Runs the TLS handshake on {@code plain} now, within its read timeout, and checks that the
     * certificate names {@code host} (the member's host, as configured or read from DNS): trusting any
     * certificate the trust store accepts, whatever name it carries, would let one guacd's key
     * impersonate every other. A failure names the member and what to check.
     *
     * @param trust the certificates guacd's must chain to; null to trust the JVM's
     */
    private static Socket startTls(Socket plain, String host, int port, GuacdTrustStore trust) throws IOException {
        SSLSocketFactory factory;
        try {
            // The default context as it is now: SSLSocketFactory.getDefault() would keep the first one forever.
            factory = trust != null ? trust.socketFactory() : SSLContext.getDefault().getSocketFactory();
        }
        catch (NoSuchAlgorithmException e) {
            throw new SSLException("the JVM has no default TLS context: " + e.getMessage(), e);
        }
        SSLSocket tls = (SSLSocket) factory.createSocket(plain, host, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        try {
            tls.startHandshake();
        }
        catch (SSLException e) {
            try {
                tls.close();
            }
            catch (IOException ignored) {
                // nothing was sent on it
            }
            String issuers = trust != null
                    ? "its issuer must be one of the certificates in " + AffinityConfig.SSL_TRUSTSTORE.name() + " ("
                    + Excerpt.of(trust.file()) + ")"
                    : "Guacamole's JVM must trust its issuer";
            throw new SSLException("TLS handshake failed: " + e.getMessage() + " (guacd-affinity-ssl is on: guacd"
                    + " must run with -C and -K, its certificate must name " + host + ", and " + issuers + ")", e);
        }
        return tls;
    }
}
