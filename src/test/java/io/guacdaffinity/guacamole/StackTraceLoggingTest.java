package io.guacdaffinity.guacamole;

import io.guacdaffinity.testing.CapturedLog;
import io.guacdaffinity.testing.DebugLogging;

import org.apache.guacamole.net.auth.Credentials;
import org.apache.guacamole.net.auth.UserContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failure nobody expected is logged with its stack trace, at DEBUG at least, so that an operator
 * who raises the level (or files a bug) sees where it came from; its one-line summary stays readable.
 */
class StackTraceLoggingTest {

    private static void assertTraceOf(String log, String exception, String frame) {
        assertTrue(log.contains(exception), "the exception is logged:\n" + log);
        assertTrue(log.contains("\tat " + frame), "with its stack trace, down to " + frame + ":\n" + log);
    }

    @Test
    void aFailureToDecorateALoginIsAnErrorWithItsStackTrace() throws Exception {
        try (RoutedGuacds guacds = RoutedGuacds.start(1); CapturedLog lines = CapturedLog.start()) {
            UserContext inner = Logins.userMapping("alice");
            Credentials broken = new Credentials("alice", "pw", org.mockito.Mockito.mock(javax.servlet.http.HttpServletRequest.class)) {
                private static final long serialVersionUID = 1L;

                @Override
                public String getRemoteAddress() {
                    throw new IllegalStateException("the request is gone");
                }
            };
            assertSame(inner, guacds.provider.decorate(inner, Logins.user("alice", "10.0.0.1"), broken),
                    "the login goes on undecorated");
            String log = lines.text();
            assertTrue(log.contains("ERROR io.guacdaffinity.guacamole.AffinityAuthenticationProvider - guacd-affinity"
                    + " left a user context of"), log);
            assertTraceOf(log, "java.lang.IllegalStateException: the request is gone",
                    "io.guacdaffinity.guacamole.Login.of");
        }
    }

    @Test
    void aConfigurationThatCannotBeReadIsOneErrorLineWithTheStackTraceAtDebug() {
        String log;
        try (CapturedLog lines = CapturedLog.start(); DebugLogging debug = DebugLogging.of(Startup.class)) {
            AffinityAuthenticationProvider provider = new AffinityAuthenticationProvider(name -> {
                throw new IllegalStateException("the environment is broken");
            });
            assertTrue(provider.getService().isEmpty(), "nothing is routed");
            log = lines.text();
        }
        assertTrue(log.contains("ERROR io.guacdaffinity.guacamole.Startup - guacd-affinity is NOT routing:"
                + " its configuration could not be read: the environment is broken\n"), log);
        assertTrue(log.contains("DEBUG io.guacdaffinity.guacamole.Startup - Reading the guacd-affinity"
                + " configuration failed"), log);
        assertTraceOf(log, "java.lang.IllegalStateException: the environment is broken",
                "io.guacdaffinity.guacamole.StackTraceLoggingTest");
    }

    @Test
    void withoutDebugTheErrorLineStaysOneLine() {
        String log;
        try (CapturedLog lines = CapturedLog.start()) {
            new AffinityAuthenticationProvider(name -> {
                throw new IllegalStateException("the environment is broken");
            });
            log = lines.text();
        }
        assertTrue(log.contains("its configuration could not be read: the environment is broken"), log);
        assertFalse(log.contains("\tat "), log);
    }
}
