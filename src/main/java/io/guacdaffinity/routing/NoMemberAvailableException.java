package io.guacdaffinity.routing;

import java.util.Collections;
import java.util.List;

/** No member could take a connect: the ring is empty, or every member tried failed. */
public final class NoMemberAvailableException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<RouteDecision.Step> steps;

    NoMemberAvailableException(String message, List<RouteDecision.Step> steps) {
        super(message);
        this.steps = Collections.unmodifiableList(steps);
    }

    /** Every member tried or skipped, with why. */
    public List<RouteDecision.Step> steps() {
        return steps;
    }
}
