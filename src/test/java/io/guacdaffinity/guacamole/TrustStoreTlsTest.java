package io.guacdaffinity.guacamole;

import io.guacdaffinity.testing.GuacdDouble;
import io.guacdaffinity.testing.Keytool;

import org.apache.guacamole.GuacamoleUpstreamUnavailableException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * guacd-affinity-ssl-truststore against guacd doubles speaking TLS: with it, a guacd's certificate
 * must chain to the file's CA, and what the JVM trusts by default no longer counts. The JVM default
 * here trusts one guacd's self-signed certificate, as {@code -Djavax.net.ssl.trustStore} would; the
 * file holds another CA, which issued the other guacd's certificate. Certificates by keytool.
 */
class TrustStoreTlsTest {

    @TempDir
    static Path dir;

    /** PEM of the CA the trust store file names. */
    private static Path storeCaPem;
    /** A password-less PKCS12 trust store holding the same CA. */
    private static Path storeCaPkcs12;
    /** Certificate for 127.0.0.1 issued by the trust store's CA; the JVM default does not trust it. */
    private static SSLContext issuedByStoreCa;
    /** Self-signed certificate for 127.0.0.1 that the JVM default trusts; the trust store does not. */
    private static SSLContext trustedByJvm;
    private static SSLContext originalDefault;

    private final List<GuacdDouble> doubles = new ArrayList<>();
    private RoutedGuacds guacds;

    @BeforeAll
    static void certificates() throws Exception {
        Keytool keytool = new Keytool(dir);
        Path storeCa = keytool.ca("store-ca");
        storeCaPem = keytool.pem(storeCa, "store-ca");
        storeCaPkcs12 = keytool.trustStore("store-ca-trust", storeCaPem, false);
        issuedByStoreCa = Keytool.serverContext(keytool.issued("guacd-by-store-ca", "ip:127.0.0.1", storeCa, "store-ca"));
        Path jvmTrusted = keytool.selfSigned("guacd-jvm-trusted", "ip:127.0.0.1");
        trustedByJvm = Keytool.serverContext(jvmTrusted);

        SSLContext client = Keytool.clientTrusting(Keytool.load(jvmTrusted).getCertificate("guacd-jvm-trusted"));
        originalDefault = SSLContext.getDefault();
        SSLContext.setDefault(client);
    }

    @AfterAll
    static void restoreDefault() {
        if (originalDefault != null)
            SSLContext.setDefault(originalDefault);
    }

    @AfterEach
    void stop() {
        if (guacds != null)
            guacds.close();
        doubles.forEach(GuacdDouble::close);
    }

    @Test
    void aGuacdIssuedByTheStoresCaServesTheSessionThoughTheJvmDoesNotTrustIt() throws Exception {
        GuacdDouble guacd = tlsDouble("guacd-stateful-0", issuedByStoreCa);
        assertFalse(jvmDefaultAccepts(guacd), "the JVM default must not trust this guacd, or the test shows nothing");

        guacds = routedWithTls(storeCaPem);
        GuacamoleTunnel tunnel = guacds.connect(guacds.login("alice"), "desktop", "alice");
        assertEquals("guacd-stateful-0", guacds.servedBy(tunnel));
        GuacamoleInstruction first = tunnel.acquireReader().readInstruction();
        tunnel.releaseReader();
        assertEquals("sync", first.getOpcode(), "the session streams through the TLS tunnel");
    }

    @Test
    void aPasswordlessPkcs12TrustStoreWorksAsThePemFileDoes() throws Exception {
        tlsDouble("guacd-stateful-0", issuedByStoreCa);
        guacds = routedWithTls(storeCaPkcs12);
        GuacamoleTunnel tunnel = guacds.connect(guacds.login("dora"), "desktop", "dora");
        assertEquals("guacd-stateful-0", guacds.servedBy(tunnel));
    }

    @Test
    void aGuacdTheJvmTrustsIsRefusedWhenTheTrustStoreNamesAnotherCa() throws Exception {
        GuacdDouble guacd = tlsDouble("guacd-stateful-0", trustedByJvm);
        assertTrue(jvmDefaultAccepts(guacd), "the JVM default must trust this guacd, or the test shows nothing");

        guacds = routedWithTls(storeCaPem);
        GuacamoleUpstreamUnavailableException e;
        String log;
        try (LogLines lines = LogLines.capture()) {
            e = assertThrows(GuacamoleUpstreamUnavailableException.class,
                    () -> guacds.connect(guacds.login("bob"), "desktop", "bob"));
            log = lines.text();
        }
        // The user hears which member failed and how; what to fix (and where) is for the log.
        assertEquals("no guacd could serve this connection; tried guacd-stateful-0 (unreachable)", e.getMessage());
        assertTrue(log.contains("TLS handshake failed") && log.contains("its issuer must be one of the certificates in"
                + " guacd-affinity-ssl-truststore (" + storeCaPem + ")"), log);
        assertTrue(guacds.service.router().health().isDown("guacd-stateful-0"));
        assertEquals(0, guacd.served().size(), "no session may start on a guacd the trust store does not vouch for");
    }

    @Test
    void withoutTheTrustStoreTheSameGuacdIsAcceptedSoThePropertyIsWhatRefusedIt() throws Exception {
        tlsDouble("guacd-stateful-0", trustedByJvm);
        guacds = routedWithTls(null);
        GuacamoleTunnel tunnel = guacds.connect(guacds.login("carol"), "desktop", "carol");
        assertEquals("guacd-stateful-0", guacds.servedBy(tunnel));
    }

    @Test
    void usersOfAMemberOutsideTheTrustStoreFailOverToOneInsideIt() throws Exception {
        tlsDouble("guacd-stateful-0", trustedByJvm);
        tlsDouble("guacd-stateful-1", issuedByStoreCa);
        guacds = routedWithTls(storeCaPem);
        int failovers = 0;
        for (int i = 0; i < 12; i++) {
            String user = "student" + i;
            boolean ownedByOutsider = guacds.ringOwner("user:" + user).equals("guacd-stateful-0");
            GuacamoleTunnel tunnel = guacds.connect(guacds.login(user), "desktop", user);
            assertEquals("guacd-stateful-1", guacds.servedBy(tunnel), user);
            failovers += ownedByOutsider ? 1 : 0;
            tunnel.close();
        }
        assertTrue(failovers > 0, "no user was owned by the member outside the trust store");
        assertEquals(0, doubles.get(0).served().size());
    }

    /** Whether a TLS client with the JVM's default trust, checking the name as the extension does, accepts {@code guacd}. */
    private static boolean jvmDefaultAccepts(GuacdDouble guacd) throws Exception {
        try (SSLSocket socket = (SSLSocket) SSLContext.getDefault().getSocketFactory()
                .createSocket(guacd.host(), guacd.port())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return true;
        }
        catch (SSLException e) {
            return false;
        }
    }

    private GuacdDouble tlsDouble(String name, SSLContext context) throws IOException {
        GuacdDouble d = GuacdDouble.startTls(name, context);
        doubles.add(d);
        return d;
    }

    /** The doubles behind the extension with TLS on, trusting {@code trustStore} (or the JVM's when null). */
    private RoutedGuacds routedWithTls(Path trustStore) throws IOException {
        Map<String, String> properties = new HashMap<>();
        properties.put("guacd-affinity-ssl", "true");
        properties.put("guacd-affinity-members", RoutedGuacds.membersProperty(doubles));
        if (trustStore != null)
            properties.put("guacd-affinity-ssl-truststore", trustStore.toString());
        RoutedGuacds routed = RoutedGuacds.start(0, properties);
        routed.doubles.addAll(doubles);
        return routed;
    }
}
