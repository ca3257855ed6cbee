package io.guacdaffinity.bench;

import java.util.List;

/** One way of assigning keys to members, as compared by {@link DistributionReport}. */
interface PlacementMethod {

    /** Short name for the report's tables. */
    String label();

    /** The assignment for this exact member list (order matters to some methods, not to others). */
    Assignment build(List<String> members);

    /** Key number {@code k} of {@code keys} to an index into the member list it was built from. */
    interface Assignment {
        int owner(ReportKeys keys, int k);
    }
}
