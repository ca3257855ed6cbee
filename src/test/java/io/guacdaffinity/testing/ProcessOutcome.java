package io.guacdaffinity.testing;

import java.util.concurrent.TimeUnit;

/** How a child process ended: its exit code, what it wrote and how long it ran. */
public final class ProcessOutcome {

    public final int exitCode;
    public final String out;
    /** Empty where the process wrote its errors into {@link #out}. */
    public final String err;
    public final long millis;

    /**
     * @param ended a process that has exited
     * @param startNanos {@link System#nanoTime()} when it was started
     */
    public ProcessOutcome(Process ended, long startNanos, String out, String err) {
        this.exitCode = ended.exitValue();
        this.millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        this.out = out;
        this.err = err;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + " after " + millis + " ms\n--- out\n" + out
                + (err.isEmpty() ? "" : "\n--- err\n" + err);
    }
}
