package io.guacdaffinity.conf;

import io.guacdaffinity.testing.Keytool;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * guacd-affinity-ssl-truststore: which files give trust anchors, and what an administrator reads
 * when a file does not. The files are made by keytool, as an administrator would make them.
 */
class GuacdTrustStoreTest {

    private static final String PROPERTY = "guacd-affinity-ssl-truststore";

    @TempDir
    static Path dir;

    private static Keytool keytool;
    private static Path firstCaPem;
    private static Path secondCaPem;

    @BeforeAll
    static void certificates() throws IOException {
        keytool = new Keytool(dir);
        firstCaPem = keytool.pem(keytool.ca("first-ca"), "first-ca");
        secondCaPem = keytool.pem(keytool.ca("second-ca"), "second-ca");
    }

    private static GuacdTrustStore accepted(Path file) {
        return AffinityConfig.from(name -> name.equals(PROPERTY) ? file.toString() : null).sslTrustStore().orElseThrow();
    }

    /** The one problem reported for {@code value}, checked to name the property, the value and what is accepted. */
    private static String refusal(String value) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> AffinityConfig.from(name -> name.equals(PROPERTY) ? value : null));
        assertEquals(1, e.problems().size(), e.getMessage());
        String message = e.problems().get(0);
        assertTrue(message.startsWith("property " + PROPERTY + " = \"" + Excerpt.of(value) + "\" is not accepted: expected "
                + GuacdTrustStore.ACCEPTED + " ("), message);
        return message;
    }

    private static Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.US_ASCII));
    }

    private static List<String> subjects(GuacdTrustStore store) {
        List<String> out = new ArrayList<>();
        for (X509Certificate c : store.certificates())
            out.add(c.getSubjectX500Principal().getName());
        return out;
    }

    @Test
    void unsetMeansTheJvmsTrust() {
        assertTrue(AffinityConfig.defaults().sslTrustStore().isEmpty());
    }

    @Test
    void aPemFileWithSeveralCertificatesTrustsEachAndIgnoresTextAroundThem() throws IOException {
        // as openssl prints them, with bag attributes and the decoded text before each block
        String both = "Bag Attributes\n    friendlyName: first\nsubject=CN = first-ca\n"
                + Files.readString(firstCaPem) + "\nCertificate:\n    Data: ...\n" + Files.readString(secondCaPem);
        GuacdTrustStore store = accepted(write("both.pem", both));
        assertEquals(List.of("CN=first-ca", "CN=second-ca"), subjects(store));
        assertTrue(store.describe().startsWith("2 certificates from " + dir.resolve("both.pem") + " (CN=first-ca;"
                + " CN=second-ca)"), store.describe());
    }

    @Test
    void aPkcs12TrustStoreWhoseCertificatesNeedNoPasswordIsRead() throws IOException {
        GuacdTrustStore store = accepted(keytool.trustStore("open-trust", firstCaPem, false));
        assertEquals(List.of("CN=first-ca"), subjects(store));
    }

    @Test
    void aPasswordProtectedPkcs12TrustStoreIsRefusedWithHowToMakeAPemFile() throws IOException {
        Path store = keytool.trustStore("protected-trust", firstCaPem, true);
        String message = refusal(store.toString());
        assertTrue(message.endsWith("(it is a PKCS12 file, but holds no certificate that can be read without a"
                + " password (keytool and openssl encrypt them with the store's password); export the CA certificates"
                + " as PEM instead, for example with keytool -exportcert -rfc -alias ALIAS -keystore FILE -file"
                + " ca.pem)"), message);
    }

    @Test
    void aKeyStoreWithAKeyButNoCertificateEntryIsRefusedLikeAProtectedOne() throws IOException {
        // guacd's own key store, named by mistake: its certificate belongs to the key, no trusted entry
        String message = refusal(keytool.selfSigned("guacd-own-key", "ip:127.0.0.1").toString());
        assertTrue(message.contains("it is a PKCS12 file, but holds no certificate that can be read"), message);
    }

    @Test
    void aMissingFileARelativePathADirectoryAndAnEmptyFileAreNamedAsSuch() throws IOException {
        assertTrue(refusal(dir.resolve("no-such-ca.pem").toString()).endsWith("(no such file)"));
        assertTrue(refusal("ca.pem").contains("a relative path would depend on the directory Tomcat was started in;"
                + " give the absolute path"));
        assertTrue(refusal(dir.toString()).endsWith("(it is a directory, not a file)"));
        assertTrue(refusal(write("empty.pem", "").toString()).endsWith("(the file is empty)"));
    }

    @Test
    void aFileThatIsNeitherPemNorPkcs12IsRefused() throws IOException {
        String message = refusal(write("notes.txt", "ask the cluster admins for the CA\n").toString());
        assertTrue(message.endsWith("(it is neither PEM (no -----BEGIN CERTIFICATE----- line) nor a PKCS12 file)"),
                message);
        // DER starts like PKCS12 (an ASN.1 sequence) but is not one
        byte[] der = Base64.getMimeDecoder().decode(Files.readString(firstCaPem)
                .replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", ""));
        assertTrue(refusal(write("ca.der", der).toString()).contains("it is neither PEM"));
    }

    @Test
    void aPemFileWithoutACertificateSaysWhatItHoldsButNeverItsContents() throws IOException {
        String secret = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSECRETSECRETSECRET";
        String message = refusal(write("key.pem", "-----BEGIN PRIVATE KEY-----\n" + secret
                + "\n-----END PRIVATE KEY-----\n").toString());
        assertTrue(message.endsWith("(it is PEM but holds no complete CERTIFICATE block (only PRIVATE KEY))"), message);
        assertFalse(message.contains("SECRET"), message);

        String cut = Files.readString(firstCaPem).replace("-----END CERTIFICATE-----", "");
        assertTrue(refusal(write("cut.pem", cut).toString()).endsWith("(it is PEM but holds no complete CERTIFICATE"
                + " block)"));
    }

    @Test
    void aCertificateBlockThatIsNotACertificateIsNamedByItsPosition() throws IOException {
        String broken = Files.readString(firstCaPem) + "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString("not a certificate".getBytes(StandardCharsets.US_ASCII))
                + "\n-----END CERTIFICATE-----\n";
        assertTrue(refusal(write("broken.pem", broken).toString())
                .endsWith("(its CERTIFICATE block 2 is not a valid X.509 certificate)"));
    }

    @Test
    void aFileFarLargerThanATrustStoreIsRefusedUnread() throws IOException {
        byte[] big = new byte[(int) GuacdTrustStore.MAX_BYTES + 1];
        String message = refusal(write("big.pem", big).toString());
        assertTrue(message.endsWith("(the file is larger than 1024 KiB, far more than a trust store holds: is it"
                + " the right file?)"), message);
    }

    @Test
    void aLongPathIsQuotedWithItsFirst200CharactersOnly() {
        String path = "/" + "d".repeat(300) + "/ca.pem";
        String message = refusal(path);
        assertTrue(message.contains("= \"/" + "d".repeat(199) + "...[108 more characters]\""), message);
        assertFalse(message.contains("d".repeat(201)), message);
    }
}
