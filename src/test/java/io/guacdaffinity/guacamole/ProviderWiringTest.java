package io.guacdaffinity.guacamole;

import io.guacdaffinity.membership.RingSource;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.testing.GuacdCluster;
import io.guacdaffinity.testing.GuacdDouble;

import org.apache.guacamole.GuacamoleUpstreamUnavailableException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.protocol.ConfiguredGuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleClientInformation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider built from properties alone, as Guacamole builds it. */
class ProviderWiringTest {

    @Test
    void providerFromPropertiesRoutesOverTheConfiguredMembers() throws Exception {
        try (GuacdCluster cluster = GuacdCluster.start(3)) {
            List<String> members = new ArrayList<>();
            for (GuacdDouble d : cluster.doubles())
                members.add(d.name() + "=" + d.host() + ":" + d.port());
            Map<String, String> properties = Map.of("guacd-affinity-members", String.join(" ", members));
            AffinityAuthenticationProvider provider = new AffinityAuthenticationProvider(properties::get);
            try {
                assertEquals("guacd-affinity", provider.getIdentifier());
                assertTrue(provider.getService().isPresent(), "routing is on");
                HashRing ring = provider.getService().orElseThrow().router().ring();
                assertEquals(3, ring.size());
                assertEquals(RingSource.STATIC, provider.getService().orElseThrow().membershipStatus().source());
                assertEquals(3, provider.getService().orElseThrow().membershipStatus().members().size());
                for (int i = 0; i < 12; i++) {
                    String user = "kim" + i;
                    UserContext context = provider.decorate(Logins.userMapping(user), Logins.user(user, "10.2.0.1"),
                            Logins.credentials(user, "10.2.0.1"));
                    assertTrue(context instanceof AffinityUserContext);
                    UserContext again = provider.redecorate(context, Logins.userMapping(user),
                            Logins.user(user, "10.2.0.1"), Logins.credentials(user, "10.2.0.1"));
                    assertEquals(((AffinityUserContext) context).login().sessionId(),
                            ((AffinityUserContext) again).login().sessionId(), "redecorate keeps the login's id");
                    GuacamoleTunnel tunnel = again.getConnectionDirectory().get("desktop")
                            .connect(new GuacamoleClientInformation(), Logins.tokens(user));
                    String id = ((ConfiguredGuacamoleSocket) tunnel.getSocket()).getConnectionID();
                    assertEquals(ring.route("user:" + user).name(), cluster.whoServed(id).get().name());
                    tunnel.close();
                }
            }
            finally {
                provider.shutdown();
            }
        }
    }

    @Test
    void noMembersAtAllIsAClearErrorOnConnectAndLoginStillWorks() throws Exception {
        AffinityAuthenticationProvider provider = new AffinityAuthenticationProvider(name -> null);
        try {
            UserContext context = provider.decorate(Logins.userMapping("lee"), Logins.user("lee", "10.2.0.2"),
                    Logins.credentials("lee", "10.2.0.2"));
            GuacamoleUpstreamUnavailableException e = assertThrows(GuacamoleUpstreamUnavailableException.class,
                    () -> context.getConnectionDirectory().get("desktop")
                            .connect(new GuacamoleClientInformation(), Logins.tokens("lee")));
            assertTrue(e.getMessage().contains("no guacd member is known"), e.getMessage());
        }
        finally {
            provider.shutdown();
        }
    }
}
