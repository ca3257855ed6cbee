package io.guacdaffinity.guacamole;

import io.guacdaffinity.conf.Excerpt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.MessageFormatter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What routing leaves to other providers or may be bypassed by, noticed while decorating, and the
 * configuration's warnings: each topic is logged once (a connect path must not flood the log) and
 * kept for the status page, where an administrator looks for it long after the log has rotated.
 */
public final class RoutingNotes {

    private static final Logger logger = LoggerFactory.getLogger(RoutingNotes.class);

    static final String OUT_OF_REACH = "JDBC balancing groups and JSON auth connect through their own provider:"
            + " a decorator cannot reach the tunnels they open";

    private final ConcurrentHashMap<String, String> byTopic = new ConcurrentHashMap<>();

    /**
     * Logs {@code message} at INFO the first time {@code topic} comes up. Text arguments are logged
     * with their control characters escaped: they come from connection names and class names.
     */
    void noteOnce(String topic, String message, Object... args) {
        Object[] printable = printable(args);
        if (byTopic.putIfAbsent(topic, MessageFormatter.arrayFormat(message, printable).getMessage()) == null)
            logger.info(message, printable);
    }

    /** As {@link #noteOnce}, at WARN. */
    void warnOnce(String topic, String message, Object... args) {
        Object[] printable = printable(args);
        if (byTopic.putIfAbsent(topic, MessageFormatter.arrayFormat(message, printable).getMessage()) == null)
            logger.warn(message, printable);
    }

    private static Object[] printable(Object[] args) {
        Object[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof CharSequence)
                out[i] = Excerpt.printable(out[i].toString());
        }
        return out;
    }

    /** What a decorator cannot reach, then each note so far in topic order. */
    public List<String> list() {
        List<String> out = new ArrayList<>();
        out.add(OUT_OF_REACH);
        out.addAll(new TreeMap<>(byTopic).values());
        return Collections.unmodifiableList(out);
    }
}
