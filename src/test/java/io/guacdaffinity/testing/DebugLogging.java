package io.guacdaffinity.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns DEBUG on for some loggers while it is open, so that a test can read the DEBUG lines an
 * administrator would get by raising the level. The tests log through slf4j-simple, whose loggers
 * read their level once; this sets it on the logger itself and puts it back on close.
 */
public final class DebugLogging implements AutoCloseable {

    private final List<Object> loggers = new ArrayList<>();
    private final List<Integer> levels = new ArrayList<>();
    private final Field level;

    private DebugLogging(Class<?>... owners) {
        try {
            Class<?> simple = Class.forName("org.slf4j.impl.SimpleLogger");
            level = simple.getDeclaredField("currentLogLevel");
            level.setAccessible(true);
            Field debug = simple.getDeclaredField("LOG_LEVEL_DEBUG");
            debug.setAccessible(true);
            for (Class<?> owner : owners) {
                Logger logger = LoggerFactory.getLogger(owner);
                loggers.add(logger);
                levels.add(level.getInt(logger));
                level.setInt(logger, debug.getInt(null));
            }
        }
        catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the tests' slf4j binding is not slf4j-simple 1.7", e);
        }
    }

    /** DEBUG for the loggers named after {@code owners} until closed. */
    public static DebugLogging of(Class<?>... owners) {
        return new DebugLogging(owners);
    }

    @Override
    public void close() {
        try {
            for (int i = 0; i < loggers.size(); i++)
                level.setInt(loggers.get(i), levels.get(i));
        }
        catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
