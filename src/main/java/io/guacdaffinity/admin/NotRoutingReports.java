package io.guacdaffinity.admin;


/**
 * The admin view when the configuration was bad and nothing is routed: every page says so and why,
 * since the status page is where an administrator looks first.
 */
public final class NotRoutingReports implements AdminReports {

    private final String reason;

    public NotRoutingReports(String reason) {
        this.reason = reason;
    }

    @Override
    public StatusReport report() {
        StatusReport r = new StatusReport();
        r.generatedAt = System.currentTimeMillis();
        r.membership = new MembershipReport("NONE", null, "not routing: " + reason, null);
        r.notes.add("guacd-affinity is not routing: " + reason);
        return r;
    }

    @Override
    public RouteExplanation explain(ExplainQuery q) {
        return RouteExplanation.of(q).off("guacd-affinity is not routing (" + reason + "): every connection uses"
                + " its provider's own guacd settings");
    }
}
