package io.guacdaffinity.routing;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.Excerpt;
import io.guacdaffinity.conf.GuacdTrustStore;

import java.io.IOException;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** TLS to one guacd, the same for tunnels, health checks and {@code doctor}. */
public final class GuacdTls {

    private GuacdTls() {
    }

    /**
     * Runs the TLS handshake on {@code plain} now, within its read timeout, and checks that the
     * certificate names {@code host} (the member's host, as configured or read from DNS): trusting any
     * certificate the trust store accepts, whatever name it carries, would let one guacd's key
     * impersonate every other. A failure names the member and what to check.
     *
     * @param trust the certificates guacd's must chain to; null to trust the JVM's
     */
    public static Socket start(Socket plain, String host, int port, GuacdTrustStore trust) throws IOException {
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
