package io.guacdaffinity.routing;

import java.util.Collections;
import java.util.List;

/** No member could take a connect: the ring is empty, or every member tried failed. */
public final class NoMemberAvailableException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<RouteDecision.Step> steps;
    private final boolean requestUnanswered;

    NoMemberAvailableException(String message, List<RouteDecision.Step> steps) {
        this(message, steps, false);
    }

    NoMemberAvailableException(String message, List<RouteDecision.Step> steps, boolean requestUnanswered) {
        super(message);
        this.steps = Collections.unmodifiableList(steps);
        this.requestUnanswered = requestUnanswered;
    }

    /**
     * True when a guacd that answers health checks left this request unanswered: the request, not the
     * members, is what failed, so no other member was tried.
     */
    public boolean requestUnanswered() {
        return requestUnanswered;
    }

    /** Every member tried or skipped, with why. */
    public List<RouteDecision.Step> steps() {
        return steps;
    }
}
