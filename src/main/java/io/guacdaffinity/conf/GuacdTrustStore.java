package io.guacdaffinity.conf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates of guacd-affinity-ssl-truststore: with them, a guacd's TLS certificate must
 * chain to one of these, and the CAs the JVM trusts by default (public CAs included) count for
 * nothing. Read once, when the configuration is read, so that a bad file is reported at start-up
 * with the other properties rather than at the first connect.
 *
 * <p>Accepted: PEM (one or more {@code BEGIN CERTIFICATE} blocks; other text and blocks are
 * ignored), or PKCS12 whose certificates can be read without a password. A password would be one
 * more secret in guacamole.properties, on the status page and in logs; CA certificates are public,
 * and every PKCS12 trust store converts to PEM with one command.
 */
public final class GuacdTrustStore {

    public static final String ACCEPTED = "empty (trust the CAs the JVM trusts) or the absolute path of a PEM file"
            + " with one or more CA certificates, or of a PKCS12 trust store whose certificates need no password";

    /** A trust store holds a few certificates; anything this large is the wrong file. */
    static final long MAX_BYTES = 1 << 20;

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private final String file;
    private final List<X509Certificate> certificates;
    private final SSLSocketFactory socketFactory;

    private GuacdTrustStore(String file, List<X509Certificate> certificates) throws GeneralSecurityException, IOException {
        this.file = file;
        this.certificates = Collections.unmodifiableList(new ArrayList<>(certificates));
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        for (int i = 0; i < certificates.size(); i++)
            anchors.setCertificateEntry("guacd-ca-" + i, certificates.get(i));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        this.socketFactory = context.getSocketFactory();
    }

    /**
     * The parser of {@code setting}: empty text is no trust store, anything else must name a file
     * this class accepts.
     *
     * @throws InvalidSettingException naming the property, the file (at most {@link Excerpt#MAX_CHARS}
     *         characters of it) and what is accepted
     */
    static Optional<GuacdTrustStore> parse(Setting<?> setting, String text) {
        if (text.isEmpty())
            return Optional.empty();
        try {
            return Optional.of(load(text));
        }
        catch (IllegalArgumentException e) {
            throw new InvalidSettingException(setting.name(), text, setting.accepted()
                    + " (" + e.getMessage() + ")");
        }
    }

    /**
     * Reads the file {@code path} names.
     *
     * @throws IllegalArgumentException saying what is wrong with the file, never quoting its contents
     */
    static GuacdTrustStore load(String path) {
        Path file;
        try {
            file = Paths.get(path);
        }
        catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a file path: " + e.getReason());
        }
        if (!file.isAbsolute())
            throw new IllegalArgumentException("a relative path would depend on the directory Tomcat was started"
                    + " in; give the absolute path");
        byte[] bytes = read(file);
        List<X509Certificate> certificates = looksLikePem(bytes) ? fromPem(bytes) : fromPkcs12(bytes);
        try {
            return new GuacdTrustStore(path, certificates);
        }
        catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("its certificates cannot be used as trust anchors: " + e.getMessage());
        }
    }

    private static byte[] read(Path file) {
        try {
            if (Files.isDirectory(file))
                throw new IllegalArgumentException("it is a directory, not a file");
            if (Files.size(file) > MAX_BYTES)
                throw new IllegalArgumentException("the file is larger than " + MAX_BYTES / 1024
                        + " KiB, far more than a trust store holds: is it the right file?");
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length == 0)
                throw new IllegalArgumentException("the file is empty");
            return bytes;
        }
        catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file");
        }
        catch (AccessDeniedException e) {
            throw new IllegalArgumentException("the file cannot be read by the user Guacamole runs as (permission"
                    + " denied)");
        }
        catch (IOException e) {
            // A FileSystemException's message repeats the path, which the error already quotes (cut short).
            String detail = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : e.getMessage();
            throw new IllegalArgumentException("the file cannot be read: " + e.getClass().getSimpleName()
                    + (detail == null ? "" : " (" + detail + ")"));
        }
    }

    private static boolean looksLikePem(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
    }

    private static List<X509Certificate> fromPem(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<X509Certificate> out = new ArrayList<>();
        Set<String> otherBlocks = new LinkedHashSet<>();
        Matcher block = PEM_BLOCK.matcher(text);
        int index = 0;
        while (block.find()) {
            if (!block.group(1).equals("CERTIFICATE")) {
                otherBlocks.add(block.group(1));
                continue;
            }
            index++;
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(block.group(2));
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("its CERTIFICATE block " + index + " is not valid base64");
            }
            out.add(certificate(der, "its CERTIFICATE block " + index));
        }
        if (out.isEmpty())
            throw new IllegalArgumentException("it is PEM but holds no complete CERTIFICATE block"
                    + (otherBlocks.isEmpty() ? "" : " (only " + String.join(", ", otherBlocks) + ")"));
        return out;
    }

    private static X509Certificate certificate(byte[] der, String which) {
        try {
            Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            if (!(c instanceof X509Certificate))
                throw new IllegalArgumentException(which + " is not an X.509 certificate");
            return (X509Certificate) c;
        }
        catch (CertificateException e) {
            throw new IllegalArgumentException(which + " is not a valid X.509 certificate");
        }
    }

    private static List<X509Certificate> fromPkcs12(byte[] bytes) {
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            // Without a password the certificates that were stored without one are read, and the rest skipped.
            store.load(new ByteArrayInputStream(bytes), null);
        }
        catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("it is neither PEM (no -----BEGIN CERTIFICATE----- line) nor a PKCS12"
                    + " file");
        }
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias) && store.getCertificate(alias) instanceof X509Certificate)
                    out.add((X509Certificate) store.getCertificate(alias));
            }
        }
        catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("its entries cannot be read: " + e.getMessage());
        }
        if (out.isEmpty())
            throw new IllegalArgumentException("it is a PKCS12 file, but holds no certificate that can be read without"
                    + " a password (keytool and openssl encrypt them with the store's password); export the CA"
                    + " certificates as PEM instead, for example with keytool -exportcert -rfc -alias ALIAS"
                    + " -keystore FILE -file ca.pem");
        return out;
    }

    /** The path as configured. */
    public String file() {
        return file;
    }

    /** The certificates trusted, in file order. */
    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** TLS sockets that trust these certificates and nothing else. */
    public SSLSocketFactory socketFactory() {
        return socketFactory;
    }

    /** For logs: the file and the subject of each certificate. */
    public String describe() {
        List<String> subjects = new ArrayList<>();
        for (X509Certificate c : certificates)
            subjects.add(c.getSubjectX500Principal().getName());
        return certificates.size() + " certificate" + (certificates.size() == 1 ? "" : "s") + " from " + Excerpt.of(file)
                + " (" + String.join("; ", subjects) + ")";
    }

    @Override
    public String toString() {
        return file;
    }
}
