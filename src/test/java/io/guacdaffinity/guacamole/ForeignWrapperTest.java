package io.guacdaffinity.guacamole;

import org.apache.guacamole.net.auth.AuthenticatedUser;
import org.apache.guacamole.net.auth.DelegatingUserContext;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.rest.auth.DecoratedUserContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A context another extension wrapped first is noted once; the web application's own wrapper is looked through. */
class ForeignWrapperTest {

    /** What an extension listed before guacd-affinity puts around the contexts. */
    static final class OtherExtensionsContext extends DelegatingUserContext {
        OtherExtensionsContext(UserContext context) {
            super(context);
        }
    }

    private static List<String> notesAfterDecorating(UserContext context) {
        AffinityAuthenticationProvider provider =
                new AffinityAuthenticationProvider(Map.of("guacd-affinity-members", "guacd-0=127.0.0.1:4822")::get);
        try {
            AuthenticatedUser user = Logins.user("dora", "10.1.0.9");
            provider.decorate(context, user, Logins.credentials("dora", "10.1.0.9"));
            provider.decorate(context, user, Logins.credentials("dora", "10.1.0.9"));
            return provider.getService().orElseThrow().notes().list();
        }
        finally {
            provider.shutdown();
        }
    }

    private static long wrapperNotes(List<String> notes) {
        return notes.stream().filter(n -> n.contains("already wrapped by")).count();
    }

    @Test
    void aContextAnotherExtensionWrappedIsNotedOnceByItsClassName() {
        List<String> notes = notesAfterDecorating(
                new DecoratedUserContext(new OtherExtensionsContext(Logins.userMapping("dora"))));
        assertEquals(1, wrapperNotes(notes), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains(OtherExtensionsContext.class.getName())), notes.toString());
    }

    @Test
    void theWebApplicationsOwnWrapperIsLookedThrough() {
        List<String> notes = notesAfterDecorating(new DecoratedUserContext(Logins.userMapping("dora")));
        assertEquals(0, wrapperNotes(notes), notes.toString());
    }
}
