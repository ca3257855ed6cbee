package io.guacdaffinity.guacamole;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything the admin status page shows, at one moment. */
public final class StatusReport {

    /** Epoch milliseconds when this report was made. */
    public long generatedAt;
    /** In name order. */
    public List<MemberStatus> members = new ArrayList<>();
    public MembershipView membership;
    /** Who is where: live pins, busiest first. */
    public List<Placement> placements = new ArrayList<>();
    /** Bounded-load capacity of a member of weight 1 now; null when bounded load is off. */
    public Integer loadCeiling;
    /** What routing leaves to other providers, and pass-throughs or ordering problems noticed so far. */
    public List<String> notes = new ArrayList<>();
    /** Every guacd-affinity-* property with the value in effect, in documentation order. */
    public Map<String, String> settings = new LinkedHashMap<>();
    /** What the metrics endpoint exports, as running totals of this replica; null when not routing. */
    public ReplicaCounters counters;

    public StatusReport() {
    }
}
