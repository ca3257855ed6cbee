package io.guacdaffinity.guacamole;

import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.membership.RingChanges;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.AffinityKey;
import io.guacdaffinity.routing.HealthChecker;
import io.guacdaffinity.routing.RouteDecision;
import io.guacdaffinity.testing.CapturedLog;
import io.guacdaffinity.testing.GuacdDouble;
import io.guacdaffinity.testing.Keytool;
import io.guacdaffinity.testing.LogbackAbbreviation;
import io.guacdaffinity.tunnel.TunnelRouter;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleUpstreamUnavailableException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.net.auth.simple.SimpleConnection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every log line the docs show as an example is one the extension really logs. The scenarios behind
 * the examples (a user at home, a second tab, a failover past a dead guacd and past one marked down, a
 * spill past a full one, a fixed member, a join, every member down, connection attributes that are
 * not accepted, ring changes, skipped SRV records, health checks, start-up) run against guacd doubles on real sockets; each
 * documented line must then equal a logged one in level, in the logger name as Guacamole's logback
 * pattern abbreviates it, and in its message, where only the parts that differ from one run to the
 * next may differ: numbers (times, counts, ports, member ordinals), host names, file paths, an
 * active connection's identifier, and what the docs leave out as {@code …}.
 */
class DocumentedLogLinesTest {

    /** The pages that quote the extension's log lines. */
    private static final List<String> PAGES = List.of("docs/admin.md", "docs/operations.md", "docs/configuration.md",
            "docs/dns-srv.md", "docs/security.md", "docs/routing.md");

    private static final String SRV = "_guacd._tcp.guacd-headless.guacamole.svc.cluster.local";
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A log line in a page's code block, as Guacamole's logback pattern shows it after the time and thread. */
    private static final Pattern DOCUMENTED = Pattern.compile("^\\s*(TRACE|DEBUG|INFO|WARN|ERROR)\\s+(\\S+) - (.*)$");
    /** A decision line shown without its level and logger, as routing.md shows them. */
    private static final Pattern DECISION = Pattern.compile("^\\s*user \".*");
    /** A line as the tests' slf4j-simple writes it: {@code [thread] LEVEL logger - message}. */
    private static final Pattern LOGGED = Pattern.compile("^\\[[^\\]]*\\] (TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - (.*)$");
    /** The parts of a documented message that differ from run to run, in the order they are tried. */
    private static final Pattern VARIABLE = Pattern.compile(
            "(\\.\\.\\.|…)"
            + "|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
            + "|([A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)+:[0-9]{1,5})"
            + "|((?<![A-Za-z0-9._-])/[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)+)"
            + "|((?<![A-Za-z0-9._-])[A-Za-z][A-Za-z0-9-]*(?:\\.[A-Za-z0-9-]+){2,}(?![A-Za-z0-9_-]))"
            + "|([0-9]+(?:\\.[0-9]+)?)");

    @Test
    void everyLogLineTheDocsShowIsOneTheScenariosLog() throws Exception {
        List<Documented> documented = documentedLines();
        for (String page : PAGES)
            assertTrue(documented.stream().anyMatch(d -> d.where.startsWith(page + ":")),
                    page + " quotes no log line: has the page or the way it shows log lines changed?");
        List<Logged> logged = new ArrayList<>();
        try (CapturedLog log = CapturedLog.start()) {
            runScenarios();
            for (String line : log.lines()) {
                Matcher m = LOGGED.matcher(line);
                if (m.matches())
                    logged.add(new Logged(m.group(1), LogbackAbbreviation.of(m.group(2)), m.group(3)));
            }
        }
        List<String> failures = new ArrayList<>();
        for (Documented d : documented) {
            if (logged.stream().noneMatch(d::matches)) {
                StringBuilder why = new StringBuilder(d.where + ": no logged line matches\n    " + d.line
                        + "\n  lines of " + d.level + " " + d.logger + " that were logged:");
                logged.stream().filter(l -> l.level.equals(d.level) && l.logger.equals(d.logger))
                        .forEach(l -> why.append("\n    ").append(l.message));
                failures.add(why.toString());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void loggerNamesAreCutAsLogbackCutsThem() {
        // The examples of logback's layout documentation for %logger{N}.
        assertEquals("m.s.s.Bar", LogbackAbbreviation.of("mainPackage.sub.sample.Bar", 5));
        assertEquals("m.s.s.Bar", LogbackAbbreviation.of("mainPackage.sub.sample.Bar", 10));
        assertEquals("m.s.sample.Bar", LogbackAbbreviation.of("mainPackage.sub.sample.Bar", 15));
        assertEquals("m.sub.sample.Bar", LogbackAbbreviation.of("mainPackage.sub.sample.Bar", 16));
        assertEquals("mainPackage.sub.sample.Bar", LogbackAbbreviation.of("mainPackage.sub.sample.Bar", 26));
        assertEquals("Bar", LogbackAbbreviation.of("Bar", 1));
        // A name of exactly the width is left whole, one character longer is cut.
        assertEquals("abcdef.ghij", LogbackAbbreviation.of("abcdef.ghij", 11));
        assertEquals("a.ghijk", LogbackAbbreviation.of("abcdef.ghijk", 11));
    }

    @Test
    void aVariablePartMatchesOnlyItsOwnKindOfText() {
        Documented d = documented("INFO  x.Y - user \"alice\" on guacd-stateful-1 (guacd-1.example:4822) in 3.8 ms");
        assertTrue(d.matches(new Logged("INFO", "x.Y", "user \"alice\" on guacd-stateful-2 (127.0.0.1:40011) in 12 ms")));
        assertTrue(!d.matches(new Logged("WARN", "x.Y", "user \"alice\" on guacd-stateful-2 (127.0.0.1:40011) in 12 ms")));
        assertTrue(!d.matches(new Logged("INFO", "x.Z", "user \"alice\" on guacd-stateful-2 (127.0.0.1:40011) in 12 ms")));
        assertTrue(!d.matches(new Logged("INFO", "x.Y", "user \"bob\" on guacd-stateful-2 (127.0.0.1:40011) in 12 ms")));
        assertTrue(!d.matches(new Logged("INFO", "x.Y", "user \"alice\" on guacd-stateful-2 (127.0.0.1:40011) in 12 s")));
        assertTrue(!d.matches(new Logged("INFO", "x.Y", "user \"alice\" on guacd-stateful-2 in 12 ms")));
        Documented named = documented("WARN  x.Y - certificate must name guacd-0.example.net, trust /etc/ca/ca.crt");
        assertTrue(named.matches(new Logged("WARN", "x.Y", "certificate must name localhost, trust /tmp/guacd-ca1/ca.pem")));
        assertTrue(!named.matches(new Logged("WARN", "x.Y", "certificate must name localhost, trust nothing")));
    }

    // --- the scenarios -------------------------------------------------------------------------------

    private static Map<String, String> kubernetesLike(String... more) {
        Map<String, String> p = new HashMap<>();
        p.put("guacd-affinity-srv", SRV);
        p.put("guacd-affinity-down-cooldown", "30");
        // Health checks on, as by default, but no round after the first one: each check below is asked for.
        p.put("guacd-affinity-health-interval", "3600");
        for (int i = 0; i < more.length; i += 2)
            p.put(more[i], more[i + 1]);
        return p;
    }

    private void runScenarios() throws Exception {
        try (RoutedGuacds guacds = started(kubernetesLike("guacd-affinity-pin-timeout", "3600"))) {
            homeLiveFailoverFixedJoin(guacds);
        }
        try (RoutedGuacds guacds = started(kubernetesLike())) {
            spill(guacds);
        }
        try (RoutedGuacds guacds = started(kubernetesLike("guacd-affinity-load-factor", "0"))) {
            UserContext alice = guacds.login(Logins.withConnections("alice", connection("Lab PC 7", "12", Map.of())),
                    "alice");
            guacds.connect(alice, "12", "alice");
            guacds.connect(alice, "12", "alice");
        }
        try (RoutedGuacds guacds = started(kubernetesLike())) {
            allDown(guacds);
        }
        try (RoutedGuacds guacds = started(kubernetesLike())) {
            attributesNotAccepted(guacds);
        }
        Map<String, String> staticList = kubernetesLike();
        staticList.remove("guacd-affinity-srv");
        try (RoutedGuacds guacds = started(RoutedGuacds.named(List.of("guacd-a", "guacd-b", "guacd-c"), staticList))) {
            deadAndHungMembers(guacds);
        }
        RingChanges.scaleUpThenEmpty();
        RingChanges.skippedRecords();
        tlsCertificateNamingAnotherHost();
    }

    /** Three doubles, once the start-up round of health checks has seen each of them. */
    private static RoutedGuacds started(Map<String, String> properties) throws IOException, InterruptedException {
        return started(RoutedGuacds.start(3, properties));
    }

    private static RoutedGuacds started(RoutedGuacds guacds) throws InterruptedException {
        assertTrue(Poll.until(() -> guacds.service.healthChecker().orElseThrow().results().size() == 3, WAIT),
                "the first round of health checks never ended");
        return guacds;
    }

    /** A class already at work, so that capacities are those of a real day rather than of an empty system. */
    private static void classroom(RoutedGuacds guacds, int students) throws GuacamoleException {
        for (int i = 0; i < students; i++)
            guacds.connect(guacds.login("pupil" + i), "desktop", "pupil" + i);
    }

    private void homeLiveFailoverFixedJoin(RoutedGuacds guacds) throws Exception {
        classroom(guacds, 20);
        Connection labPc7 = connection("Lab PC 7", "12", Map.of());
        UserContext alice = guacds.login(Logins.withConnections("alice", labPc7), "alice");
        GuacamoleTunnel first = guacds.connect(alice, "12", "alice");
        GuacamoleTunnel second = guacds.connect(alice, "12", "alice");
        assertEquals(guacds.servedBy(first), guacds.servedBy(second), "a second tab goes where the first is");

        // bob's home dies; grace shares it, and comes after bob.
        String bobsHome = guacds.ringOwner("user:bob");
        assertEquals(bobsHome, guacds.ringOwner("user:grace"), "the example needs two users of one home");
        guacds.byName(bobsHome).stop();
        GuacamoleTunnel bob = guacds.connect(guacds.login(Logins.withConnections("bob",
                connection("Lab PC 8", "13", Map.of())), "bob"), "13", "bob");
        GuacamoleTunnel grace = guacds.connect(guacds.login(Logins.withConnections("grace",
                connection("Lab PC 5", "10", Map.of())), "grace"), "10", "grace");
        assertTrue(!guacds.servedBy(bob).equals(bobsHome) && !guacds.servedBy(grace).equals(bobsHome));

        String fixed = guacds.ringOwner("user:carol");
        guacds.connect(guacds.login(Logins.withConnections("carol", connection("Whiteboard", "4",
                Map.of("guacd-affinity-key", "connection", "guacd-affinity-member", fixed))), "carol"), "4", "carol");

        String active = UUID.randomUUID().toString();
        UserContext teacher = adminSeeing(guacds, first, active);
        GuacamoleTunnel join = ActiveSessions.join(teacher, active);
        assertEquals(guacds.servedBy(first), guacds.servedBy(join));
    }

    /** erin's home is at its bounded-load capacity with the tunnels of users who share it. */
    private void spill(RoutedGuacds guacds) throws Exception {
        classroom(guacds, 20);
        String home = guacds.ringOwner("user:erin");
        AffinityKey erin = AffinityKey.of(KeyMode.USER, "erin");
        for (int i = 0; guacds.service.router().decide(erin).reason() != RouteDecision.Reason.SPILL; i++) {
            assertTrue(i < 1000, "erin's home never filled");
            String user = "student" + i;
            if (guacds.ringOwner("user:" + user).equals(home))
                guacds.connect(guacds.login(user), "desktop", user);
        }
        GuacamoleTunnel tunnel = guacds.connect(guacds.login(Logins.withConnections("erin",
                connection("Lab PC 2", "7", Map.of())), "erin"), "7", "erin");
        assertTrue(!guacds.servedBy(tunnel).equals(home));
    }

    private void allDown(RoutedGuacds guacds) {
        guacds.doubles.forEach(GuacdDouble::stop);
        UserContext dave = guacds.login(Logins.withConnections("dave", connection("Lab PC 9", "14", Map.of())), "dave");
        assertThrows(GuacamoleUpstreamUnavailableException.class, () -> guacds.connect(dave, "14", "dave"));
    }

    private void attributesNotAccepted(RoutedGuacds guacds) throws GuacamoleException {
        UserContext carol = guacds.login(Logins.withConnections("carol",
                connection("Whiteboard", "4", Map.of("guacd-affinity-key", "connection",
                        "guacd-affinity-member", "guacd-stateful-4")),
                connection("Lab PC 3", "9", Map.of("guacd-affinity-key", "sticky"))), "carol");
        guacds.connect(carol, "4", "carol");
        guacds.connect(carol, "9", "carol");
    }

    /**
     * operations.md's static list: a dead guacd found by the checks and back; one found by a user's
     * connect, whose user goes home once their tunnels elsewhere have closed; a hung guacd found by the
     * checks, and one found by a user's connect.
     */
    private void deadAndHungMembers(RoutedGuacds guacds) throws Exception {
        classroom(guacds, 20);
        HealthChecker checks = guacds.service.healthChecker().orElseThrow();
        GuacdDouble b = guacds.byName("guacd-b");
        b.stop();
        assertTrue(!checks.answersNow(member(guacds, b)) && !checks.answersNow(member(guacds, b)));
        assertTrue(isDown(guacds, b));
        b.restart();
        assertTrue(checks.answersNow(member(guacds, b)) && !isDown(guacds, b));

        GuacdDouble home = guacds.byName(guacds.ringOwner("user:alice"));
        home.stop();
        UserContext alice = guacds.login(Logins.withConnections("alice", connection("Lab PC 7", "12", Map.of())),
                "alice");
        GuacamoleTunnel away = guacds.connect(alice, "12", "alice");
        assertTrue(!guacds.servedBy(away).equals(home.name()) && isDown(guacds, home));
        home.restart();
        assertTrue(checks.answersNow(member(guacds, home)));
        GuacamoleTunnel secondTab = guacds.connect(alice, "12", "alice");
        assertEquals(guacds.servedBy(away), guacds.servedBy(secondTab), "live tunnels keep alice where she is");
        away.close();
        secondTab.close();
        assertEquals(home.name(), guacds.servedBy(guacds.connect(alice, "12", "alice")), "alice goes home");

        GuacdDouble hung = guacds.byName(guacds.ringOwner("user:dave"));
        hung.freeze();
        try {
            assertTrue(!checks.answersNow(member(guacds, hung)) && !checks.answersNow(member(guacds, hung)));
        }
        finally {
            hung.thaw();
        }
        assertTrue(checks.answersNow(member(guacds, hung)));
        hung.freeze();
        try {
            UserContext dave = guacds.login(Logins.withConnections("dave", connection("Lab PC 9", "14", Map.of())),
                    "dave");
            assertTrue(!guacds.servedBy(guacds.connect(dave, "14", "dave")).equals(hung.name()));
            assertTrue(isDown(guacds, hung));
        }
        finally {
            hung.thaw();
        }
    }

    private static Member member(RoutedGuacds guacds, GuacdDouble d) {
        return guacds.ring.get().member(d.name());
    }

    private static boolean isDown(RoutedGuacds guacds, GuacdDouble d) {
        return guacds.service.router().health().isDown(d.name());
    }

    /**
     * security.md: a trust store file with one CA, and a guacd whose certificate that CA issued for
     * another name than the member's host.
     */
    private void tlsCertificateNamingAnotherHost() throws Exception {
        Path dir = Files.createTempDirectory("guacd-ca");
        try {
            Keytool keytool = new Keytool(dir);
            Path ca = keytool.ca("guacd-ca");
            Path caPem = keytool.pem(ca, "guacd-ca");
            GuacdDouble guacd = GuacdDouble.startTls("guacd-stateful-0", Keytool.serverContext(
                    keytool.issued("guacd-0", "dns:guacd-0.elsewhere.example", ca, "guacd-ca")));
            Map<String, String> p = kubernetesLike("guacd-affinity-ssl", "true",
                    "guacd-affinity-ssl-truststore", caPem.toString(),
                    "guacd-affinity-members", guacd.name() + "=localhost:" + guacd.port());
            p.remove("guacd-affinity-srv");
            try (RoutedGuacds guacds = RoutedGuacds.start(0, p)) {
                guacds.doubles.add(guacd);
                assertThrows(GuacamoleUpstreamUnavailableException.class,
                        () -> guacds.connect(guacds.login("alice"), "desktop", "alice"));
            }
        }
        finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static Connection connection(String name, String id, Map<String, String> attributes) {
        return new SimpleConnection(name, id, Logins.vnc("pc-" + id + ".example"), true) {
            @Override
            public Map<String, String> getAttributes() {
                return new HashMap<>(attributes);
            }
        };
    }

    /** The teacher's login, whose active connections list {@code primary} under a JDBC-style identifier. */
    private static UserContext adminSeeing(RoutedGuacds guacds, GuacamoleTunnel primary, String identifier) {
        return guacds.login(ActiveSessions.listing("teacher", identifier, primary), "teacher");
    }

    // --- documented and logged lines -----------------------------------------------------------------

    private static List<Documented> documentedLines() throws IOException {
        List<Documented> out = new ArrayList<>();
        for (String page : PAGES) {
            List<String> lines = Files.readAllLines(Path.of(page), StandardCharsets.UTF_8);
            boolean inCode = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.trim().startsWith("```")) {
                    inCode = !inCode;
                    continue;
                }
                if (inCode && DOCUMENTED.matcher(line).matches())
                    out.add(new Documented(page + ":" + (i + 1), line));
                else if (inCode && DECISION.matcher(line).matches())
                    out.add(new Documented(page + ":" + (i + 1), "INFO  "
                            + LogbackAbbreviation.of(TunnelRouter.class.getName()) + " - " + line.trim()));
            }
        }
        return out;
    }

    private static Documented documented(String line) {
        return new Documented("test", line);
    }

    private static final class Documented {

        final String where;
        final String line;
        final String level;
        final String logger;
        final Pattern message;

        Documented(String where, String line) {
            this.where = where;
            this.line = line;
            Matcher m = DOCUMENTED.matcher(line);
            if (!m.matches())
                throw new IllegalArgumentException(where + ": not a log line: " + line);
            level = m.group(1);
            logger = m.group(2);
            message = Pattern.compile(messagePattern(m.group(3)));
        }

        @Override
        public String toString() {
            return where + ": " + line;
        }

        boolean matches(Logged logged) {
            return logged.level.equals(level) && logged.logger.equals(logger)
                    && message.matcher(logged.message).matches();
        }

        private static String messagePattern(String documented) {
            StringBuilder out = new StringBuilder();
            Matcher v = VARIABLE.matcher(documented);
            int literalFrom = 0;
            while (v.find()) {
                out.append(Pattern.quote(documented.substring(literalFrom, v.start())));
                if (v.group(1) != null)
                    out.append(".*?");
                else if (v.group(2) != null)
                    out.append("[^\\s]+");
                else if (v.group(3) != null)
                    out.append("[^\\s,()\\[\\]=]+:[0-9]{1,5}");
                else if (v.group(4) != null)
                    out.append("/[^\\s()]+");
                else if (v.group(5) != null)
                    out.append("[A-Za-z0-9.-]+");
                else
                    out.append("[0-9]+(?:\\.[0-9]+)?");
                literalFrom = v.end();
            }
            out.append(Pattern.quote(documented.substring(literalFrom)));
            return out.toString();
        }
    }

    private static final class Logged {

        final String level;
        final String logger;
        final String message;

        Logged(String level, String logger, String message) {
            this.level = level;
            this.logger = logger;
            this.message = message;
        }
    }
}
