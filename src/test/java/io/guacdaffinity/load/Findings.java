package io.guacdaffinity.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** What the users of one run ran into, counted as it happens. */
final class Findings {

    private static final int MAX_PROBLEMS = 40;

    final AtomicInteger connects = new AtomicInteger();
    /** Connects that threw: the user saw an error. */
    final AtomicInteger lost = new AtomicInteger();
    /** Connects that met a dead guacd first and succeeded on the next member within the same call. */
    final AtomicInteger retriedPastDead = new AtomicInteger();
    /** Failed attempts on a dead guacd inside those connects. */
    final AtomicInteger deadAttempts = new AtomicInteger();
    /** Users who found their session broken by the kill and reconnected. */
    final AtomicInteger reconnectsAfterKill = new AtomicInteger();
    /** Second connects of a user whose first was live on a member that was up and in the ring. */
    final AtomicInteger secondsChecked = new AtomicInteger();
    final AtomicInteger secondsCheckedAfterScaleUp = new AtomicInteger();
    /** ... of which landed on another guacd than the live first one, though the router did not find it full. */
    final AtomicInteger secondsMoved = new AtomicInteger();
    /** ... of which landed on another guacd because the live first one was at its bounded-load capacity. */
    final AtomicInteger secondsSpilled = new AtomicInteger();
    /** Sessions the router placed on the bounded-load fallback (every healthy member full). */
    final AtomicInteger allFullFallbacks = new AtomicInteger();
    final AtomicInteger notInRing = new AtomicInteger();
    private final List<String> problems = new ArrayList<>();
    private int problemCount;

    /** A broken expectation, kept (the first few) for the report. */
    synchronized void problem(String text) {
        problemCount++;
        if (problems.size() < MAX_PROBLEMS)
            problems.add(text);
    }

    synchronized List<String> problems() {
        List<String> out = new ArrayList<>(problems);
        if (problemCount > problems.size())
            out.add("... and " + (problemCount - problems.size()) + " more");
        return Collections.unmodifiableList(out);
    }

    synchronized int problemCount() {
        return problemCount;
    }
}
