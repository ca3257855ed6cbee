package io.guacdaffinity.admin;

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
        server = new StatusPageServer(SampleStatus.json(SampleStatus.report()));
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

    @Test
    void administratorSeesTheMemberTableWithLoadBarsAndWhoIsWhere() throws Exception {
        Path screenshot = WORK.resolve("status-page.png");
        String dom = chromium.load(server.page(StatusPageServer.ADMIN_TOKEN, "en"), screenshot, WORK);

        assertEquals(4, count(dom, "<tr [^>]*class=\"[^\"]*guacd-affinity-member[ \"]"), dom);
        assertEquals(8, count(dom, "<tr [^>]*class=\"[^\"]*guacd-affinity-placement[ \"]"), dom);
        assertTrue(dom.contains("guacd-stateful-3"), dom);
        assertTrue(dom.contains("down until 09:41:26"), "the down member shows until when");
        // Bars are scaled to the bounded-load ceiling (20): 16, 14, 17 and 0 live tunnels.
        for (String width : new String[] { "80%", "70%", "85%", "0%" })
            assertTrue(dom.contains("style=\"width: " + width + ";\""), width);
        assertTrue(dom.contains("DNS SRV records"));
        assertTrue(dom.contains("JDBC balancing groups and JSON auth connect through their own provider"));
        assertTrue(dom.contains("_guacd._tcp.guacd-headless.guacamole.svc.cluster.local"));
        assertFalse(dom.contains("MISSING:"), "every string the page shows is translated");
        assertEquals(1, count(dom, "class=\"guacd-affinity-denied[^\"]* ng-hide\""), "the refusal stays hidden");

        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertEquals(1280, image.getWidth());
        assertEquals(800, image.getHeight());
        assertTrue(countBarPixels(image) > 1000, "the load bars are drawn in the screenshot");
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
