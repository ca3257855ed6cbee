package io.guacdaffinity.routing;

import io.guacdaffinity.conf.Excerpt;
import io.guacdaffinity.ring.Member;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.net.ssl.SSLException;

/**
 * The health check's conversation with one guacd, in plain Java so that the extension and the
 * command line ({@code doctor}) run the same one: a TCP connect (and the TLS handshake when TLS is
 * on), then a {@code select} of a connection id that cannot exist. A live guacd answers that at once
 * without starting a connection process ({@code error "No such connection." 516}, then it ends the
 * socket) and logs that no such connection exists, naming the id below so that an operator reading
 * guacd's log knows where it came from. A guacd that accepts and then says nothing is hung.
 */
public final class GuacdCheck {

    /** What the check asks guacd to join; guacd's own ids are {@code $} and a UUID, so this one never exists. */
    public static final String CHECK_ID = "$guacd-affinity-health-check";

    /** Longest first instruction read; guacd's answer to the check is about 30 characters. */

    /** How one member took the check. */
    public enum CheckOutcome {
        /** guacd sent an instruction, such as its error for an unknown id. */
        ANSWERED,
        /** The connection was accepted and then ended before any word (older guacd, or TLS on one side only). */
        CLOSED_WITHOUT_ANSWER,
        /** Something answered that is not the Guacamole protocol. */
        NOT_GUACAMOLE,
        /** The connection was accepted but nothing came within the timeout: a hung guacd. */
        SILENT,
        /** Nothing listens on the port. */
        REFUSED,
        /** The TCP connect did not complete within the timeout. */
        CONNECT_TIMEOUT,
        /** The TLS handshake failed. */
        TLS_FAILED,
        /** The host name does not resolve. */
        UNKNOWN_HOST,
        /** Any other network failure, such as no route to the host. */
        UNREACHABLE;

        /**
         * Whether the health check counts the member as up: it answered or ended the socket, which
         * is how a guacd answers an id it does not have.
         */
        public boolean up() {
            return this == ANSWERED || this == CLOSED_WITHOUT_ANSWER || this == NOT_GUACAMOLE;
        }

        /** Whether nothing came back in time, as opposed to a refusal. */
        public boolean timedOut() {
            return this == SILENT || this == CONNECT_TIMEOUT;
        }
    }

    /** The outcome, and what happened in words (naming the member's address). */
    public static final class Result {

        private final CheckOutcome outcome;
        private final String detail;
        private final List<String> answer;

        Result(CheckOutcome outcome, String detail, List<String> answer) {
            this.outcome = outcome;
            this.detail = detail;
            this.answer = answer;
        }

        public CheckOutcome outcome() {
            return outcome;
        }

        /** What happened, such as {@code guacd at 10.0.0.5:4822 cannot be reached: Connection refused}. */
        public String detail() {
            return detail;
        }

        /** The first instruction guacd sent, opcode first; empty unless {@link CheckOutcome#ANSWERED}. */
        public List<String> answer() {
            return answer;
        }

        @Override
        public String toString() {
            return outcome + ": " + detail;
        }
    }

    private final GuacdDialer dialer;

    public GuacdCheck(GuacdDialer dialer) {
        this.dialer = dialer;
    }

    /** Runs the check on {@code member}; never throws. */
    public Result check(Member member) {
        String host = member.host();
        int port = member.port();
        String at = "guacd at " + host + ":" + port;
        Socket socket;
        try {
            socket = dialer.dial(host, port);
        }
        catch (SocketTimeoutException e) {
            return new Result(CheckOutcome.CONNECT_TIMEOUT, at + " did not answer within " + dialer.timeoutMillis() + " ms",
                    List.of());
        }
        catch (UnknownHostException e) {
            return new Result(CheckOutcome.UNKNOWN_HOST, "guacd host " + host + " does not resolve", List.of());
        }
        catch (ConnectException e) {
            return new Result(CheckOutcome.REFUSED, at + " cannot be reached: " + e.getMessage(), List.of());
        }
        catch (SSLException e) {
            return new Result(CheckOutcome.TLS_FAILED, at + " cannot be reached: " + e.getMessage(), List.of());
        }
        catch (IOException e) {
            return new Result(CheckOutcome.UNREACHABLE, at + " cannot be reached: " + e.getMessage(), List.of());
        }
        try {
            return converse(socket, at);
        }
        finally {
            try {
                socket.close();
            }
            catch (IOException ignored) {
                // the check is over either way
            }
        }
    }

    private Result converse(Socket socket, String at) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(GuacdInstructions.instruction("select", CHECK_ID).getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        catch (IOException e) {
            return new Result(CheckOutcome.CLOSED_WITHOUT_ANSWER, at + " ended the connection before the check was sent: "
                    + e.getMessage(), List.of());
        }
        try {
            List<String> answer = GuacdInstructions.readInstruction(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            return new Result(CheckOutcome.ANSWERED, at + " answered " + Excerpt.printable(String.join(" ", answer)), answer);
        }
        catch (SocketTimeoutException e) {
            return new Result(CheckOutcome.SILENT, "guacd accepted the connection but said nothing within " + dialer.timeoutMillis()
                    + " ms", List.of());
        }
        catch (EOFException e) {
            return new Result(CheckOutcome.CLOSED_WITHOUT_ANSWER, at + " ended the connection without a word", List.of());
        }
        catch (GuacdInstructions.MalformedAnswer e) {
            return new Result(CheckOutcome.NOT_GUACAMOLE, at + " answered something that is not the Guacamole protocol: "
                    + e.getMessage(), List.of());
        }
        catch (IOException e) {
            return new Result(CheckOutcome.CLOSED_WITHOUT_ANSWER, at + " ended the connection without a word: "
                    + e.getMessage(), List.of());
        }
    }
}
