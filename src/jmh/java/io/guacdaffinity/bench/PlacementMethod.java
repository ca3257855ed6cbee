package io.guacdaffinity.bench;

import java.util.List;
import java.util.function.Function;

/** One way of assigning keys to members, as compared by {@link DistributionReport}. */
final class PlacementMethod {

    private final String label;
    private final Function<List<String>, Assignment> build;

    /**
     * @param label short name for the report's tables
     * @param build the assignment for an exact member list (order matters to some methods, not to others)
     */
    PlacementMethod(String label, Function<List<String>, Assignment> build) {
        this.label = label;
        this.build = build;
    }

    String label() {
        return label;
    }

    Assignment build(List<String> members) {
        return build.apply(members);
    }

    /** Key number {@code k} of {@code keys} to an index into the member list it was built from. */
    interface Assignment {
        int owner(ReportKeys keys, int k);
    }
}
