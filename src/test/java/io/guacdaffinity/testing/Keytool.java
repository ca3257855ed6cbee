package io.guacdaffinity.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Certificates for TLS tests, made by the JDK's own keytool as an administrator would make them:
 * CAs, certificates they issue, PEM exports and PKCS12 trust stores. Every store is PKCS12 with
 * the password {@link #PASSWORD}, in one directory.
 */
public final class Keytool {

    public static final String PASSWORD = "changeit";

    private final Path dir;

    public Keytool(Path dir) {
        this.dir = dir;
    }

    /** A CA: key pair and self-signed certificate with basicConstraints CA, in {@code <alias>.p12}. */
    public Path ca(String alias) throws IOException {
        Path store = dir.resolve(alias + ".p12");
        run("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + alias,
                "-ext", "bc:c", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        return store;
    }

    /**
     * A server key pair in {@code <alias>.p12} whose certificate, naming {@code san} (such as
     * {@code ip:127.0.0.1}), is issued by the CA in {@code caStore}; the store holds the chain.
     */
    public Path issued(String alias, String san, Path caStore, String caAlias) throws IOException {
        Path store = dir.resolve(alias + ".p12");
        Path request = dir.resolve(alias + ".csr");
        Path certificate = dir.resolve(alias + ".crt");
        run("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + alias,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        run("-certreq", "-alias", alias, "-keystore", store.toString(), "-storepass", PASSWORD, "-file", request.toString());
        run("-gencert", "-alias", caAlias, "-keystore", caStore.toString(), "-storepass", PASSWORD,
                "-infile", request.toString(), "-outfile", certificate.toString(), "-rfc", "-validity", "2",
                "-ext", "SAN=" + san);
        run("-importcert", "-noprompt", "-alias", caAlias, "-file", pem(caStore, caAlias).toString(),
                "-keystore", store.toString(), "-storepass", PASSWORD);
        run("-importcert", "-alias", alias, "-file", certificate.toString(), "-keystore", store.toString(),
                "-storepass", PASSWORD);
        return store;
    }

    /** A key pair with a self-signed certificate naming {@code san}, in {@code <alias>.p12}. */
    public Path selfSigned(String alias, String san) throws IOException {
        Path store = dir.resolve(alias + ".p12");
        run("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + alias,
                "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        return store;
    }

    /** The certificate of {@code alias} as PEM ({@code keytool -exportcert -rfc}), in {@code <alias>.pem}. */
    public Path pem(Path store, String alias) throws IOException {
        Path pem = dir.resolve(alias + ".pem");
        if (!Files.exists(pem))
            run("-exportcert", "-rfc", "-alias", alias, "-keystore", store.toString(), "-storepass", PASSWORD,
                    "-file", pem.toString());
        return pem;
    }

    /**
     * A PKCS12 trust store holding the certificate in {@code pem}, as {@code keytool -importcert}
     * makes it: with {@code passwordProtected}, its certificate encrypted with the store password
     * (keytool's default); without, stored in the clear and without integrity password.
     */
    public Path trustStore(String name, Path pem, boolean passwordProtected) throws IOException {
        Path store = dir.resolve(name + ".p12");
        List<String> args = new ArrayList<>(List.of("-importcert", "-noprompt", "-alias", "ca", "-file", pem.toString(),
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD));
        if (!passwordProtected) {
            args.add("-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE");
            args.add("-J-Dkeystore.pkcs12.macAlgorithm=NONE");
        }
        run(args.toArray(new String[0]));
        return store;
    }

    public static KeyStore load(Path store) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            return keys;
        }
        catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot load " + store, e);
        }
    }

    /** A client-side TLS context that trusts exactly {@code anchors}, as a JVM whose trust store holds only them. */
    public static SSLContext clientTrusting(java.security.cert.Certificate... anchors) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        for (int i = 0; i < anchors.length; i++)
            trusted.setCertificateEntry("anchor-" + i, anchors[i]);
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        return client;
    }

    /** A server-side TLS context presenting the key and chain in {@code store}. */
    public static SSLContext serverContext(Path store) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(store), PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private void run(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
                throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
