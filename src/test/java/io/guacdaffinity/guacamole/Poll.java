package io.guacdaffinity.guacamole;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling, for a loaded CI machine. */
public final class Poll {

    private Poll() {
    }

    public static boolean until(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end)
                return false;
            Thread.sleep(20);
        }
        return true;
    }
}
