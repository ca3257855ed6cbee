package io.guacdaffinity.guacamole;

import io.guacdaffinity.testing.CapturedLog;
import io.guacdaffinity.testing.GuacdDouble;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleUpstreamUnavailableException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * guacd doubles, most of them speaking TLS from the first byte, behind the extension with
 * {@code guacd-affinity-ssl=true}; everything a test started is closed after it. A class registers
 * one, statically, and may replace the JVM's default SSLContext for its tests, as
 * {@code -Djavax.net.ssl.trustStore} does in a deployment: the original is put back after the class,
 * so that the other classes sharing this JVM do not inherit a trust they did not ask for.
 */
final class TlsGuacds implements AfterEachCallback, AfterAllCallback {

    private final List<GuacdDouble> doubles = new ArrayList<>();
    private final List<RoutedGuacds> routed = new ArrayList<>();
    private SSLContext originalDefault;

    /** Makes {@code client} the JVM's default SSLContext until the class's tests are done. */
    void replaceJvmDefault(SSLContext client) throws NoSuchAlgorithmException {
        if (originalDefault == null)
            originalDefault = SSLContext.getDefault();
        SSLContext.setDefault(client);
    }

    /** A double presenting {@code context}'s certificate; the next {@link #routed} puts it in the ring. */
    GuacdDouble startTls(String name, SSLContext context) throws IOException {
        GuacdDouble d = GuacdDouble.startTls(name, context);
        doubles.add(d);
        return d;
    }

    /** A double that speaks no TLS at all, as a guacd started without {@code -C} and {@code -K}. */
    GuacdDouble startPlain(String name) throws IOException {
        GuacdDouble d = GuacdDouble.start(name);
        doubles.add(d);
        return d;
    }

    /** The doubles started so far behind the extension with TLS on and {@code properties} besides. */
    RoutedGuacds routed(Map<String, String> properties) throws IOException {
        Map<String, String> all = new HashMap<>(properties);
        all.put("guacd-affinity-ssl", "true");
        all.put("guacd-affinity-members", RoutedGuacds.membersProperty(doubles));
        RoutedGuacds guacds = RoutedGuacds.start(0, all);
        guacds.doubles.addAll(doubles);
        routed.add(guacds);
        return guacds;
    }

    RoutedGuacds routed() throws IOException {
        return routed(Map.of());
    }

    /** The member that serves {@code user}'s desktop at a fresh login. */
    static String memberServing(RoutedGuacds guacds, String user) throws GuacamoleException {
        return guacds.servedBy(guacds.connect(guacds.login(user), "desktop", user));
    }

    /**
     * Connects twelve students, one after another, and checks that {@code serving} served every one;
     * returns how many of them the ring had given to {@code refused}, the ones that failed over.
     */
    static int studentsFailedOver(RoutedGuacds guacds, String refused, String serving) throws GuacamoleException {
        int failovers = 0;
        for (int i = 0; i < 12; i++) {
            String user = "student" + i;
            boolean ownedByRefused = guacds.ringOwner("user:" + user).equals(refused);
            GuacamoleTunnel tunnel = guacds.connect(guacds.login(user), "desktop", user);
            assertEquals(serving, guacds.servedBy(tunnel), user);
            failovers += ownedByRefused ? 1 : 0;
            tunnel.close();
        }
        return failovers;
    }

    /** A connect of {@code user} that no member could serve: what the user is told, and what was logged. */
    static Refusal refusedConnect(RoutedGuacds guacds, String user) {
        try (CapturedLog lines = CapturedLog.start()) {
            GuacamoleUpstreamUnavailableException e = assertThrows(GuacamoleUpstreamUnavailableException.class,
                    () -> guacds.connect(guacds.login(user), "desktop", user));
            return new Refusal(e, lines);
        }
    }

    static final class Refusal {
        final String message;
        final String log;

        private Refusal(GuacamoleUpstreamUnavailableException error, CapturedLog during) {
            message = error.getMessage();
            log = during.text();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        routed.forEach(RoutedGuacds::close);
        doubles.forEach(GuacdDouble::close);
        routed.clear();
        doubles.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (originalDefault != null)
            SSLContext.setDefault(originalDefault);
    }
}
