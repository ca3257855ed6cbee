package io.guacdaffinity.guacamole;

import io.guacdaffinity.testing.GuacdDouble;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.InetGuacamoleSocket;
import org.apache.guacamole.protocol.ConfiguredGuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleClientInformation;
import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * guacd with TLS ({@code guacd -C cert -K key}) behind the extension with {@code guacd-affinity-ssl=true}:
 * certificates made by the JDK's keytool, doubles that speak TLS from the first byte, and the JVM's
 * default SSLContext trusting the test CA, as {@code -Djavax.net.ssl.trustStore} does in a deployment.
 */
class TlsToGuacdTest {

    @RegisterExtension
    static final TlsGuacds tls = new TlsGuacds();

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    /** Certificate naming 127.0.0.1 and localhost, trusted. */
    private static SSLContext named;
    /** Trusted certificate naming another host only. */
    private static SSLContext misnamed;
    /** Certificate naming 127.0.0.1, from no issuer the client trusts. */
    private static SSLContext untrusted;

    @BeforeAll
    static void certificates() throws Exception {
        KeyStore namedKeys = keytool("named", "ip:127.0.0.1,dns:localhost");
        KeyStore misnamedKeys = keytool("misnamed", "dns:guacd-elsewhere.example");
        named = serverContext(namedKeys);
        misnamed = serverContext(misnamedKeys);
        untrusted = serverContext(keytool("untrusted", "ip:127.0.0.1"));
        tls.replaceJvmDefault(io.guacdaffinity.testing.Keytool.clientTrusting(certificate(namedKeys),
                certificate(misnamedKeys)));
    }

    @Test
    void aGuacdWhoseCertificateNamesItServesTheSessionOverTls() throws Exception {
        GuacdDouble guacd = tls.startTls("guacd-stateful-0", named);
        RoutedGuacds guacds = tls.routed();
        GuacamoleTunnel tunnel = guacds.connect(guacds.login("alice"), "desktop", "alice");
        assertEquals("guacd-stateful-0", guacds.servedBy(tunnel));
        GuacamoleInstruction first = tunnel.acquireReader().readInstruction();
        tunnel.releaseReader();
        assertEquals("sync", first.getOpcode(), "the session streams through the TLS tunnel");
        assertEquals("vnc", guacds.ownerRecord(tunnel).protocol());

        // and it really is TLS: Guacamole's plain socket gets no handshake from it
        assertThrows(GuacamoleException.class, () -> new ConfiguredGuacamoleSocket(
                new InetGuacamoleSocket(guacd.host(), guacd.port()), Logins.vnc("x"), new GuacamoleClientInformation()));
    }

    @Test
    void aCertificateForAnotherNameIsRefusedWithAClearMessageAndMarksTheMemberDown() throws Exception {
        GuacdDouble guacd = tls.startTls("guacd-stateful-0", misnamed);
        RoutedGuacds guacds = tls.routed();
        TlsGuacds.Refusal refusal = TlsGuacds.refusedConnect(guacds, "bob");
        assertTrue(refusal.message.contains("guacd-stateful-0 (unreachable)"), refusal.message);
        assertFalse(refusal.message.contains("127.0.0.1"), "the user's error names a host: " + refusal.message);
        assertTrue(refusal.log.contains("TLS handshake failed") && refusal.log.contains("must name 127.0.0.1"),
                "the log must say what to fix:\n" + refusal.log);
        assertTrue(guacds.service.router().health().isDown("guacd-stateful-0"));
        assertEquals(0, guacd.served().size(), "no session may start on a guacd whose name does not match");
    }

    @Test
    void anUntrustedCertificateFailsOverToAMemberWithATrustedOne() throws Exception {
        GuacdDouble untrustedGuacd = tls.startTls("guacd-stateful-0", untrusted);
        tls.startTls("guacd-stateful-1", named);
        RoutedGuacds guacds = tls.routed();
        int failovers = TlsGuacds.studentsFailedOver(guacds, "guacd-stateful-0", "guacd-stateful-1");
        assertTrue(failovers > 0, "no user was owned by the member with the untrusted certificate");
        assertEquals(0, untrustedGuacd.served().size());
    }

    @Test
    void tlsToAPlainGuacdFailsFastWithAHint() throws Exception {
        tls.startPlain("guacd-stateful-0");
        RoutedGuacds guacds = tls.routed();
        long start = System.nanoTime();
        String log = TlsGuacds.refusedConnect(guacds, "carol").log;
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(log.contains("TLS handshake failed") && log.contains("-C and -K"), log);
        assertTrue(millis < 5000, "took " + millis + " ms (connect timeout 1000 ms)");
    }

    /** A fresh key pair and self-signed certificate with these subject alternative names, by the JDK's keytool. */
    private static KeyStore keytool(String alias, String san) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", alias, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + alias, "-ext", "SAN=" + san, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD),
                "-keypass", new String(PASSWORD)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new IllegalStateException("keytool failed: " + output);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }

    private static Certificate certificate(KeyStore keys) throws Exception {
        return keys.getCertificate(keys.aliases().nextElement());
    }

    private static SSLContext serverContext(KeyStore keys) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
