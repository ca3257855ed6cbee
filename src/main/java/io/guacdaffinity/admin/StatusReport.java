package io.guacdaffinity.admin;

import java.util.ArrayList;
import java.util.List;

/** Everything the admin status page shows, at one moment. */
public final class StatusReport {

    /** Epoch milliseconds when this report was made. */
    public long generatedAt;
    /** In name order. */
    public List<MemberStatus> members = new ArrayList<>();
    public MembershipReport membership;
    /** Who is where: keys with live tunnels, busiest first. */
    public List<LiveKeyRow> placements = new ArrayList<>();
    /** Bounded-load capacity of a member of weight 1 now; null when bounded load is off. */
    public Integer loadCeiling;
    /** Seconds between two health checks of a member; null when health checks are off. */
    public Integer healthCheckSeconds;
    /** What routing leaves to other providers, and pass-throughs or ordering problems noticed so far. */
    public List<String> notes = new ArrayList<>();
    /** Every guacd-affinity-* property with the value in effect and whether it was set, in documentation order. */
    public List<SettingInEffect> settings = new ArrayList<>();
    /** What the metrics endpoint exports, as running totals of this replica; null when not routing. */
    public ReplicaCounters counters;

    public StatusReport() {
    }
}
