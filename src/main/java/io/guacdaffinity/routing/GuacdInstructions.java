package io.guacdaffinity.routing;

import io.guacdaffinity.conf.Excerpt;

import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * The Guacamole protocol's instruction format, as much of it as a health check needs, in plain Java:
 * guacamole-common's parser lives in the web application, and the command line must check guacd
 * without it. Reading is bounded, so whatever answers in guacd's place cannot make a check read
 * without end.
 */
final class GuacdInstructions {

    private static final int MAX_ANSWER_CHARS = 8192;

    private GuacdInstructions() {
    }

    /** One Guacamole instruction: each element as its length in code points, a dot and the text. */
    static String instruction(String opcode, String... args) {
        StringBuilder out = new StringBuilder();
        out.append(element(opcode));
        for (String arg : args)
            out.append(',').append(element(arg));
        return out.append(';').toString();
    }

    private static String element(String text) {
        return text.codePointCount(0, text.length()) + "." + text;
    }

    /**
     * The first instruction on {@code in}, opcode first.
     *
     * @throws EOFException when the stream ends before any character
     * @throws MalformedAnswer when what came is not an instruction
     */
    static List<String> readInstruction(Reader in) throws IOException {
        List<String> elements = new ArrayList<>();
        int read = 0;
        StringBuilder seen = new StringBuilder();
        while (true) {
            int length = 0;
            int digits = 0;
            int c;
            while ((c = in.read()) >= '0' && c <= '9') {
                seen.append((char) c);
                length = length * 10 + (c - '0');
                if (++digits > 5 || ++read > MAX_ANSWER_CHARS)
                    throw malformed(seen, in);
            }
            if (c < 0 && seen.length() == 0)
                throw new EOFException();
            if (c < 0)
                throw malformed(seen, in);
            seen.append((char) c);
            if (c != '.' || digits == 0)
                throw malformed(seen, in);
            StringBuilder element = new StringBuilder();
            for (int i = 0; i < length; i++) {
                c = in.read();
                if (c < 0)
                    throw malformed(seen, in);
                element.append((char) c);
                if (Character.isHighSurrogate((char) c)) {
                    int low = in.read();
                    if (low < 0)
                        throw malformed(seen, in);
                    element.append((char) low);
                }
                if (++read > MAX_ANSWER_CHARS)
                    throw malformed(seen, in);
            }
            seen.append(element);
            elements.add(element.toString());
            c = in.read();
            if (c < 0)
                throw malformed(seen, in);
            seen.append((char) c);
            if (c == ';')
                return elements;
            if (c != ',')
                throw malformed(seen, in);
        }
    }

    /** The answer so far and whatever else already arrived, to show what spoke instead of guacd. */
    private static MalformedAnswer malformed(StringBuilder seen, Reader in) throws IOException {
        while (seen.length() < 40 && in.ready()) {
            int c = in.read();
            if (c < 0)
                break;
            seen.append((char) c);
        }
        return new MalformedAnswer(seen);
    }

    /** What came back is not an instruction; the message shows the start of it. */
    static final class MalformedAnswer extends IOException {

        private static final long serialVersionUID = 1L;

        MalformedAnswer(CharSequence seen) {
            super(Excerpt.quoted(Excerpt.printable(seen.length() > 40 ? seen.subSequence(0, 40) + "..." : seen.toString())));
        }
    }
}
