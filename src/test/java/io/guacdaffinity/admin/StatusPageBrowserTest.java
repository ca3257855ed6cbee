package io.guacdaffinity.admin;

import io.guacdaffinity.conf.AffinityConfig;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin page in a real browser: headless Chromium loads the extension's template and scripts
 * (AngularJS 1.8, as in Guacamole) from a loopback server that answers the status call with a
 * recorded report, once with an administrator's token and once with someone else's.
 */
class StatusPageBrowserTest {

    private static final Path WORK = Paths.get("target", "status-page");
    private static HeadlessChromium chromium;
    private static StatusPageServer server;

    @BeforeAll
    static void start() throws Exception {
        chromium = HeadlessChromium.find();
        Files.createDirectories(WORK);
        server = new StatusPageServer(SampleStatus.json(SampleStatus.report()),
                SampleStatus.json(SampleStatus.explanation()));
    }

    @AfterAll
    static void stop() {
        if (server != null)
            server.close();
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find())
            n++;
        return n;
    }

    /** Visible text of the one element with exactly this class, hidden spans inside left out; fails when there is none or several. */
    private static String visible(String dom, String cssClass) {
        Matcher m = Pattern.compile("<(\\w+) [^>]*class=\"" + cssClass + "(?: ng-[a-z-]+)*\"[^>]*>(.*?)</\\1>",
                Pattern.DOTALL).matcher(dom);
        String found = null;
        while (m.find()) {
            assertEquals(null, found, "one visible ." + cssClass);
            found = m.group(2).replaceAll("<span [^>]*class=\"[^\"]*ng-hide[^\"]*\"[^>]*>[^<]*</span>", "")
                    .replaceAll("<[^>]+>", "").replaceAll("\\s+", " ").trim();
        }
        assertTrue(found != null, "a visible ." + cssClass + " in " + dom);
        return found;
    }

    @Test
    void administratorSeesTheMemberTableWithLoadBarsAndWhoIsWhere() throws Exception {
        Path screenshot = WORK.resolve("status-page.png");
        String dom = chromium.load(server.page(StatusPageServer.ADMIN_TOKEN, "en"), screenshot, WORK);
        if (System.getProperty("status-page.screenshot") != null)
            Files.copy(screenshot, Paths.get(System.getProperty("status-page.screenshot")),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertEquals(4, count(dom, "<tr [^>]*class=\"[^\"]*guacd-affinity-member[ \"]"), dom);
        assertEquals(8, count(dom, "<tr [^>]*class=\"[^\"]*guacd-affinity-placement[ \"]"), dom);
        assertTrue(dom.contains("guacd-stateful-3"), dom);
        assertTrue(dom.contains("down until 09:41:26"), "the down member shows until when");
        // Bars are scaled to the bounded-load ceiling (20): 16, 14, 17 and 0 live tunnels.
        for (String width : new String[] { "80%", "70%", "85%", "0%" })
            assertTrue(dom.contains("style=\"width: " + width + ";\""), width);
        assertEquals(4, count(dom, "class=\"count ng-binding\"[^>]*>\\d+ of 20</span>"), "the number against the capacity");
        assertTrue(dom.contains(">16 of 20<"), dom);
        assertTrue(dom.contains("Bars: live tunnels against each member's bounded-load capacity."));
        assertEquals(3, count(dom, "class=\"ng-binding\">answered at 09:41:03 \\(\\d\\.\\d ms\\)</span>"),
                "the last health check of each member that is up");
        assertTrue(dom.contains("failed at 09:41:03 after 0.7 ms: Connection refused (3 in a row)"),
                "the down member shows why");
        assertTrue(dom.contains("Each member gets a health check every 5 s."));
        assertTrue(dom.contains("Next refresh"), "members from SRV have a next refresh");
        assertEquals(4, count(dom, "class=\"[^\"]*guacd-affinity-setting[^\"]*\\bset\\b"), "four settings were set");
        assertEquals(AffinityConfig.ALL.size() - 4, count(dom, "class=\"[^\"]*guacd-affinity-setting[^\"]*\\bdefault\\b"));
        assertEquals(0, count(dom, "guacd-affinity-placement\"[^>]*>\\s*<td>student"), "keys are shown whole");
        assertTrue(dom.contains("<code class=\"ng-binding\">user:student07</code>"), "keys as route prints them");
        assertTrue(dom.contains("DNS SRV records"));
        assertTrue(dom.contains("JDBC balancing groups and JSON auth connect through their own provider"));
        assertTrue(dom.contains("_guacd._tcp.guacd-headless.guacamole.svc.cluster.local"));
        assertTrue(dom.contains("Since this Guacamole started"), "the counters the metrics export are shown");
        assertTrue(dom.contains("home 41"), dom);
        assertFalse(dom.contains("failover 0"), "a reason never seen is left out");
        assertTrue(dom.contains("unreachable 2"), dom);
        assertTrue(dom.contains("3.4 ms"), dom);
        assertTrue(dom.contains("SRV look-ups: 212 answered, 0 empty, 1 failed; ring changes: 2."), dom);
        assertTrue(dom.contains("served to Prometheus on port 9464"), dom);
        assertFalse(dom.contains("MISSING:"), "every string the page shows is translated");
        assertEquals(1, count(dom, "class=\"guacd-affinity-denied[^\"]* ng-hide\""), "the refusal stays hidden");

        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertEquals(1280, image.getWidth());
        assertEquals(800, image.getHeight());
        assertTrue(countBarPixels(image) > 1000, "the load bars are drawn in the screenshot");
    }

    @Test
    void aStaticListWithoutBoundedLoadHasNoNextRefreshAndBarsAgainstTheBusiestMember() throws Exception {
        try (StatusPageServer plain = new StatusPageServer(SampleStatus.json(SampleStatus.staticList()))) {
            String dom = chromium.load(plain.page(StatusPageServer.ADMIN_TOKEN, "en"), WORK.resolve("static.png"), WORK);
            assertEquals(2, count(dom, "<tr [^>]*class=\"[^\"]*guacd-affinity-member[ \"]"), dom);
            // guacd-a has 1 live tunnel, the busiest (guacd-b) 4.
            assertTrue(dom.contains("style=\"width: 25%;\""), dom);
            assertTrue(dom.contains("style=\"width: 100%;\""), dom);
            assertTrue(dom.contains("Bars: live tunnels against the busiest member (4); bounded load is off."), dom);
            assertEquals(0, count(dom, "class=\"count ng-binding\"[^>]*>\\d+ of"), "no capacity without bounded load");
            assertFalse(dom.contains("Next refresh"), "a static list is never refreshed");
            assertTrue(dom.contains("static list"));
            assertEquals(2, count(dom, "class=\"ng-binding\">health checks off</span>"), dom);
            assertTrue(dom.contains("<code class=\"ng-binding\">user:probeuser</code>"), dom);
            assertFalse(dom.contains("MISSING:"), "every string the page shows is translated");
        }
    }

    @Test
    void explainFromThePageAddressShowsTheAnswerAndItsHints() throws Exception {
        server.forgetRestCalls();
        String dom = chromium.load(server.page(StatusPageServer.ADMIN_TOKEN, "en", "user=nosuchuser&connection=12"),
                WORK.resolve("explain.png"), WORK);
        assertTrue(server.restCalls().contains("/api/session/ext/guacd-affinity/explain?connection=12&user=nosuchuser"),
                server.restCalls().toString());
        assertEquals(SampleStatus.explanation().hints.get(0), hint(dom));
        assertEquals("guacd-stateful-1 (guacd-1.guacamole.svc.cluster.local:4822)", visible(dom, "member ng-binding"));
        assertEquals("no", visible(dom, "user-known"));
        assertEquals("no", visible(dom, "logged-in"));
        assertEquals("HOME home: the first member of the key's preference list", visible(dom, "reason ng-binding"));
        assertFalse(dom.contains("MISSING:"), "every string the page shows is translated");
    }

    private static String hint(String dom) {
        Matcher m = Pattern.compile("<ul class=\"guacd-affinity-hints\"[^>]*>\\s*(?:<!--.*?-->\\s*)*<li[^>]*>(.*?)</li>",
                Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), dom);
        return m.group(1).trim().replace("&quot;", "\"");
    }

    @Test
    void thePageAndItsMenuEntryHaveOneName() throws Exception {
        String page = chromium.load(server.page(StatusPageServer.ADMIN_TOKEN, "en"), WORK.resolve("name.png"), WORK);
        String menu = chromium.load(server.menu(StatusPageServer.ADMIN_TOKEN), WORK.resolve("menu-name.png"), WORK);
        Matcher header = Pattern.compile("<h2[^>]*>([^<]+)</h2>").matcher(page);
        assertTrue(header.find(), page);
        Matcher entry = Pattern.compile("href=\"#/guacd-affinity/status\"[^>]*>([^<]+)</a>").matcher(menu);
        assertTrue(entry.find(), menu);
        assertEquals("guacd status", header.group(1).trim());
        assertEquals(header.group(1).trim(), entry.group(1).trim());
    }

    /** Pixels of the load bars' green (#4a8c3a). */
    private static int countBarPixels(BufferedImage image) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                int r = rgb >> 16, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                if (Math.abs(r - 0x4a) < 8 && Math.abs(g - 0x8c) < 8 && Math.abs(b - 0x3a) < 8)
                    n++;
            }
        }
        return n;
    }

    /** The user menu of every page: shown to administrators only, decided without the status report. */
    @Test
    void theMenuEntryAsksOnlyTheCheapAccessCall() throws Exception {
        server.forgetRestCalls();
        String admin = chromium.load(server.menu(StatusPageServer.ADMIN_TOKEN), WORK.resolve("menu-admin.png"), WORK);
        assertEquals(1, count(admin, "class=\"action-list guacd-affinity-menu(?! ng-hide)[^\"]*\""), admin);
        assertTrue(admin.contains("#/guacd-affinity/status"), admin);
        String other = chromium.load(server.menu("someone-elses-token"), WORK.resolve("menu-other.png"), WORK);
        assertEquals(1, count(other, "class=\"action-list guacd-affinity-menu[^\"]* ng-hide[^\"]*\""), other);
        assertEquals(java.util.List.of("/api/session/ext/guacd-affinity/access",
                "/api/session/ext/guacd-affinity/access"), server.restCalls(),
                "one access call per page, and never the status report");
    }

    @Test
    void anyoneElseIsToldThePageIsForAdministratorsAndSeesNoData() throws Exception {
        String dom = chromium.load(server.page("someone-elses-token", "en"), WORK.resolve("denied.png"), WORK);
        assertTrue(dom.contains("This page is for administrators only."), dom);
        assertEquals(0, count(dom, "class=\"guacd-affinity-denied[^\"]* ng-hide\""), "the refusal is shown");
        assertEquals(0, count(dom, "guacd-affinity-member[ \"]"));
        assertFalse(dom.contains("guacd-stateful-"));
    }
}
