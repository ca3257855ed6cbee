package io.guacdaffinity.admin;

import java.util.ArrayList;
import java.util.List;

/** Which member a user would get for a connection, and why; the answer of GET explain. */
public final class RouteExplanation {

    public String user;
    public String connection;
    public String dataSource;
    /** The key mode in effect for this connection (the global one or the connection's own). */
    public String keyMode;
    /** The key the router hashes, or null when the connection is not routed. */
    public String key;
    /** The member connect would try first; null when the connection is not routed or no member can take it. */
    public String member;
    public String host;
    public Integer port;
    /** HOME, LIVE, SPILL, FAILOVER, FIXED, OFF or NO_MEMBER. */
    public String reason;
    /** One sentence for the admin: what the reason means here. */
    public String detail;
    /** Why the connection's own attributes were ignored, when they were (connect logs the same as a WARN). */
    public String attributeProblem;
    /**
     * Members connect would try after the first, in order, if it fails, as far as its attempts reach;
     * members marked down come last (see {@link #failoverDown}).
     */
    public List<String> failoverOrder = new ArrayList<>();
    /** The members of {@link #failoverOrder} that are marked down: connect tries them only after the others. */
    public List<String> failoverDown = new ArrayList<>();
    /**
     * Whether some data source visible to the asking administrator has this user; false when none
     * does (a misspelt name, or a user no provider knows), null when none of them lists users.
     */
    public Boolean userKnown;
    /**
     * Whether the user has a login open on this Guacamole server now. Without one the user has no
     * live tunnels here, so the answer is where their next connect would go by the ring.
     */
    public boolean loggedInHere;
    /** Sentences for the admin about what the answer rests on, such as an unknown user; empty when nothing is odd. */
    public List<String> hints = new ArrayList<>();

    public RouteExplanation() {
    }

    /** The answer's head: who asked about which connection. */
    static RouteExplanation of(ExplainQuery q) {
        RouteExplanation e = new RouteExplanation();
        e.user = q.username();
        e.connection = q.connection();
        e.dataSource = q.dataSource();
        return e;
    }

    /** The connection is not routed, for the reason {@code detail} gives. */
    RouteExplanation off(String detail) {
        reason = "OFF";
        this.detail = detail;
        return this;
    }
}
