package io.guacdaffinity.guacamole;

import io.guacdaffinity.testing.GuacdDouble;
import io.guacdaffinity.testing.Keytool;

import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * guacd-affinity-ssl-truststore against guacd doubles speaking TLS: with it, a guacd's certificate
 * must chain to the file's CA, and what the JVM trusts by default no longer counts. The JVM default
 * here trusts one guacd's self-signed certificate, as {@code -Djavax.net.ssl.trustStore} would; the
 * file holds another CA, which issued the other guacd's certificate. Certificates by keytool.
 */
class TrustStoreTlsTest {

    @RegisterExtension
    static final TlsGuacds tls = new TlsGuacds();

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

    @BeforeAll
    static void certificates() throws Exception {
        Keytool keytool = new Keytool(dir);
        Path storeCa = keytool.ca("store-ca");
        storeCaPem = keytool.pem(storeCa, "store-ca");
        storeCaPkcs12 = keytool.trustStore("store-ca-trust", storeCaPem, false);
        issuedByStoreCa = Keytool.serverContext(keytool.issued("guacd-by-store-ca", "ip:127.0.0.1", storeCa, "store-ca"));
        Path jvmTrusted = keytool.selfSigned("guacd-jvm-trusted", "ip:127.0.0.1");
        trustedByJvm = Keytool.serverContext(jvmTrusted);

        tls.replaceJvmDefault(Keytool.clientTrusting(Keytool.load(jvmTrusted).getCertificate("guacd-jvm-trusted")));
    }

    @Test
    void aGuacdIssuedByTheStoresCaServesTheSessionThoughTheJvmDoesNotTrustIt() throws Exception {
        GuacdDouble guacd = tls.startTls("guacd-stateful-0", issuedByStoreCa);
        assertFalse(jvmDefaultAccepts(guacd), "the JVM default must not trust this guacd, or the test shows nothing");

        RoutedGuacds guacds = tls.routed(trusting(storeCaPem));
        GuacamoleTunnel tunnel = guacds.connect(guacds.login("alice"), "desktop", "alice");
        assertEquals("guacd-stateful-0", guacds.servedBy(tunnel));
        GuacamoleInstruction first = tunnel.acquireReader().readInstruction();
        tunnel.releaseReader();
        assertEquals("sync", first.getOpcode(), "the session streams through the TLS tunnel");
    }

    @Test
    void aPasswordlessPkcs12TrustStoreWorksAsThePemFileDoes() throws Exception {
        tls.startTls("guacd-stateful-0", issuedByStoreCa);
        assertEquals("guacd-stateful-0", TlsGuacds.memberServing(tls.routed(trusting(storeCaPkcs12)), "dora"));
    }

    @Test
    void aGuacdTheJvmTrustsIsRefusedWhenTheTrustStoreNamesAnotherCa() throws Exception {
        GuacdDouble guacd = tls.startTls("guacd-stateful-0", trustedByJvm);
        assertTrue(jvmDefaultAccepts(guacd), "the JVM default must trust this guacd, or the test shows nothing");

        RoutedGuacds guacds = tls.routed(trusting(storeCaPem));
        TlsGuacds.Refusal refusal = TlsGuacds.refusedConnect(guacds, "bob");
        // The user hears which member failed and how; what to fix (and where) is for the log.
        assertEquals("no guacd could serve this connection; tried guacd-stateful-0 (unreachable)", refusal.message);
        assertTrue(refusal.log.contains("TLS handshake failed") && refusal.log.contains(
                "its issuer must be one of the certificates in guacd-affinity-ssl-truststore (" + storeCaPem + ")"),
                refusal.log);
        assertTrue(guacds.service.router().health().isDown("guacd-stateful-0"));
        assertEquals(0, guacd.served().size(), "no session may start on a guacd the trust store does not vouch for");
    }

    @Test
    void withoutTheTrustStoreTheSameGuacdIsAcceptedSoThePropertyIsWhatRefusedIt() throws Exception {
        tls.startTls("guacd-stateful-0", trustedByJvm);
        assertEquals("guacd-stateful-0", TlsGuacds.memberServing(tls.routed(), "carol"));
    }

    @Test
    void usersOfAMemberOutsideTheTrustStoreFailOverToOneInsideIt() throws Exception {
        GuacdDouble outsider = tls.startTls("guacd-stateful-0", trustedByJvm);
        tls.startTls("guacd-stateful-1", issuedByStoreCa);
        RoutedGuacds guacds = tls.routed(trusting(storeCaPem));
        int failovers = TlsGuacds.studentsFailedOver(guacds, "guacd-stateful-0", "guacd-stateful-1");
        assertTrue(failovers > 0, "no user was owned by the member outside the trust store");
        assertEquals(0, outsider.served().size());
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

    private static Map<String, String> trusting(Path trustStore) {
        return Map.of("guacd-affinity-ssl-truststore", trustStore.toString());
    }
}
