package io.guacdaffinity.testing;

/**
 * A logger name as logback's {@code %logger{N}} prints it, which is how Guacamole's web application
 * logs ({@code %logger{36}} in its logback.xml): a name of N characters or more has its package
 * segments cut to their first letter, leftmost first, until it fits or only the class name is left
 * whole. The same rule as logback's {@code TargetLengthBasedClassNameAbbreviator}, so a test can turn
 * a class's real logger name into what the administrator reads.
 */
public final class LogbackAbbreviation {

    /** The width Guacamole's logback.xml gives the logger name. */
    public static final int GUACAMOLE_WIDTH = 36;

    private LogbackAbbreviation() {
    }

    public static String of(String loggerName) {
        return of(loggerName, GUACAMOLE_WIDTH);
    }

    public static String of(String loggerName, int width) {
        if (loggerName.length() < width)
            return loggerName;
        String[] segments = loggerName.split("\\.", -1);
        if (segments.length == 1)
            return loggerName;
        int excess = loggerName.length() - width;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.length - 1; i++) {
            String segment = segments[i];
            if (excess > 0 && segment.length() > 1) {
                excess -= segment.length() - 1;
                segment = segment.substring(0, 1);
            }
            out.append(segment).append('.');
        }
        return out.append(segments[segments.length - 1]).toString();
    }
}
