package io.guacdaffinity.cli;

import io.guacdaffinity.testing.GuacdDouble;
import io.guacdaffinity.testing.Keytool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * doctor with guacd-affinity-ssl on checks each member over TLS with guacd-affinity-ssl-truststore,
 * as the extension's health check does: a guacd whose certificate chains to the store's CA is
 * reachable; one with another certificate, or without TLS, is a TLS failure.
 */
class DoctorTlsTest {

    @TempDir
    Path dir;

    /** Verdict per member name, from doctor's members table. */
    private static Map<String, String> verdicts(String out) {
        Map<String, String> rows = new LinkedHashMap<>();
        boolean in = false;
        for (String line : out.split("\n")) {
            if (line.startsWith("  name ")) {
                in = true;
                continue;
            }
            String[] cells = line.trim().split("\\s{2,}");
            if (in && line.startsWith("  ") && cells.length == 4)
                rows.put(cells[0], cells[2]);
            else if (in)
                break;
        }
        return rows;
    }

    @Test
    void eachMemberIsCheckedOverTlsWithTheTrustStore() throws Exception {
        Keytool keytool = new Keytool(dir);
        Path ca = keytool.ca("store-ca");
        Path caPem = keytool.pem(ca, "store-ca");
        try (GuacdDouble trusted = GuacdDouble.startTls("trusted",
                Keytool.serverContext(keytool.issued("trusted", "ip:127.0.0.1", ca, "store-ca")));
                GuacdDouble stranger = GuacdDouble.startTls("stranger",
                        Keytool.serverContext(keytool.selfSigned("stranger", "ip:127.0.0.1")));
                GuacdDouble plain = GuacdDouble.start("plain")) {
            String members = "trusted=" + trusted.host() + ":" + trusted.port() + ", stranger=" + stranger.host() + ":"
                    + stranger.port() + ", plain=" + plain.host() + ":" + plain.port();
            // An empty file, so that no guacamole.properties of this machine is read.
            Path empty = Files.writeString(dir.resolve("guacamole.properties"), "");
            CliRun run = CliRun.run("doctor", "--properties", empty.toString(),
                    "--set", "guacd-affinity-members=" + members, "--set", "guacd-affinity-ssl=true",
                    "--set", "guacd-affinity-ssl-truststore=" + caPem, "--set", "guacd-affinity-connect-timeout=2000");
            assertEquals(Cli.FAILED, run.code, run.toString());
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("trusted", "reachable");
            expected.put("stranger", "TLS failure");
            expected.put("plain", "TLS failure");
            assertEquals(expected, verdicts(run.out), run.out);
            assertTrue(run.out.contains("TCP connect, TLS handshake, then select"), run.out);
        }
    }
}
