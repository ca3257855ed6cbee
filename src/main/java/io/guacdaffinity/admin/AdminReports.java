package io.guacdaffinity.admin;


/**
 * The router's state as the admin pages read it. Reading never changes what connect will do:
 * no tunnel is counted, no member is marked.
 */
public interface AdminReports {

    /** Members, membership, keys with live tunnels and settings, now. */
    StatusReport report();

    /** The member connect would pick for this query right now, and why, without side effects. */
    RouteExplanation explain(ExplainQuery query);
}
