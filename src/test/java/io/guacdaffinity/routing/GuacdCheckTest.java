package io.guacdaffinity.routing;

import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.GuacdCheck.CheckOutcome;
import io.guacdaffinity.testing.DeadPort;
import io.guacdaffinity.testing.GuacdDouble;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The health check's conversation, against the guacd double and sockets that misbehave in each way. */
class GuacdCheckTest {

    private static final int TIMEOUT_MILLIS = 400;

    private static GuacdCheck.Result check(int port) {
        return new GuacdCheck(new GuacdDialer(false, null, TIMEOUT_MILLIS)).check(new Member("m", GuacdDouble.HOST, port));
    }

    /** A one-socket server on loopback that does {@code action} with each accepted socket. */
    private static ServerSocket server(Consumer<Socket> action) throws IOException {
        ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName(GuacdDouble.HOST));
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    action.accept(server.accept());
                }
                catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server;
    }

    @Test
    void aGuacdAnswersTheSelectOfAnUnknownIdWithItsError() throws IOException {
        try (GuacdDouble guacd = GuacdDouble.start("g")) {
            GuacdCheck.Result r = check(guacd.port());
            assertEquals(CheckOutcome.ANSWERED, r.outcome(), r.toString());
            assertEquals(List.of("error", "No such connection.", "516"), r.answer());
            assertTrue(r.outcome().up());
        }
    }

    @Test
    void aPortWhereNothingListensIsRefused() throws IOException {
        int port = DeadPort.find();
        GuacdCheck.Result r = check(port);
        assertEquals(CheckOutcome.REFUSED, r.outcome(), r.toString());
        assertEquals("guacd at 127.0.0.1:" + port + " cannot be reached: Connection refused", r.detail());
        assertFalse(r.outcome().up());
    }

    @Test
    void aFrozenGuacdIsSilentAfterTheTimeout() throws IOException {
        try (GuacdDouble guacd = GuacdDouble.start("g")) {
            guacd.freeze();
            long start = System.nanoTime();
            GuacdCheck.Result r = check(guacd.port());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(CheckOutcome.SILENT, r.outcome(), r.toString());
            assertTrue(millis >= TIMEOUT_MILLIS - 50 && millis < 5 * TIMEOUT_MILLIS, millis + " ms");
            assertTrue(r.outcome().timedOut());
            assertFalse(r.outcome().up());
        }
    }

    @Test
    void aSocketThatAcceptsAndNeverSpeaksIsSilent() throws IOException {
        try (ServerSocket silent = server(s -> { })) {
            assertEquals(CheckOutcome.SILENT, check(silent.getLocalPort()).outcome());
        }
    }

    @Test
    void aSocketClosedBeforeAnyWordIsClosedWithoutAnswerWhichTheHealthCheckCountsAsUp() throws IOException {
        try (ServerSocket closing = server(s -> {
            try {
                s.getInputStream().read();
                s.close();
            }
            catch (IOException ignored) {
                // the check sees the end either way
            }
        })) {
            GuacdCheck.Result r = check(closing.getLocalPort());
            assertEquals(CheckOutcome.CLOSED_WITHOUT_ANSWER, r.outcome(), r.toString());
            assertTrue(r.outcome().up(), "guacd ending the socket is an answer to an unknown id");
        }
    }

    @Test
    void anotherProtocolIsNotGuacamole() throws IOException {
        try (ServerSocket ssh = server(s -> {
            try {
                s.getOutputStream().write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
            }
            catch (IOException ignored) {
                // the check reads whatever arrived
            }
        })) {
            GuacdCheck.Result r = check(ssh.getLocalPort());
            assertEquals(CheckOutcome.NOT_GUACAMOLE, r.outcome(), r.toString());
            assertTrue(r.detail().contains("\"SSH-2.0-OpenSSH_9.6"), r.detail());
        }
    }

    @Test
    void tlsToAPlainGuacdIsATlsFailure() throws IOException {
        try (GuacdDouble guacd = GuacdDouble.start("g")) {
            GuacdCheck.Result r = new GuacdCheck(new GuacdDialer(true, null, TIMEOUT_MILLIS))
                    .check(new Member("m", GuacdDouble.HOST, guacd.port()));
            assertEquals(CheckOutcome.TLS_FAILED, r.outcome(), r.toString());
            assertTrue(r.detail().contains("TLS handshake failed"), r.detail());
            assertFalse(r.outcome().up());
        }
    }

    @Test
    void theSelectIsOneInstructionWithLengthsInCodePoints() {
        assertEquals("6.select,28.$guacd-affinity-health-check;", GuacdInstructions.instruction("select", GuacdCheck.CHECK_ID));
        assertEquals("5.error,2.\u00e9\ud83d\ude00;", GuacdInstructions.instruction("error", "\u00e9\ud83d\ude00"));
    }

    @Test
    void theFirstInstructionIsReadElementByElement() throws IOException {
        assertEquals(List.of("error", "No such connection.", "516"),
                GuacdInstructions.readInstruction(new StringReader("5.error,19.No such connection.,3.516;4.sync,1.0;")));
        assertEquals(List.of("x", "\ud83d\ude00;"), GuacdInstructions.readInstruction(new StringReader("1.x,2.\ud83d\ude00;;")));
        assertThrows(EOFException.class, () -> GuacdInstructions.readInstruction(new StringReader("")));
        assertThrows(GuacdInstructions.MalformedAnswer.class, () -> GuacdInstructions.readInstruction(new StringReader("5.error")));
        assertThrows(GuacdInstructions.MalformedAnswer.class, () -> GuacdInstructions.readInstruction(new StringReader("HTTP/1.1")));
        assertThrows(GuacdInstructions.MalformedAnswer.class, () -> GuacdInstructions.readInstruction(new StringReader("2.ab!")));
    }
}
