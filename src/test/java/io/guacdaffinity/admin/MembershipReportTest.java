package io.guacdaffinity.admin;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.membership.Membership;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MembershipReportTest {

    private static MembershipReport viewOf(Map<String, String> properties) {
        try (Membership membership = Membership.start(AffinityConfig.from(properties::get))) {
            return MembershipReport.of(membership.status());
        }
    }

    @Test
    void aStaticListIsStaticAndNeverRefreshes() {
        long before = System.currentTimeMillis();
        MembershipReport view = viewOf(Map.of("guacd-affinity-members", "guacd-0.example, guacd-1.example"));
        assertEquals("STATIC", view.source);
        assertTrue(MembershipReport.SOURCES.contains(view.source));
        assertNotNull(view.lastRefresh);
        assertTrue(view.lastRefresh >= before - 1000, "refreshed at start");
        assertNull(view.nextRefresh);
        assertNull(view.lastError);
        assertEquals(0, view.failuresSinceAnswer);
    }

    @Test
    void noMembersAtAllIsNone() {
        assertEquals("NONE", viewOf(Map.of()).source);
    }
}
