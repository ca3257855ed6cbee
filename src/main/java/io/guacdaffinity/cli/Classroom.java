package io.guacdaffinity.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The Kubernetes setup the extension is made for (etc/kubernetes): a StatefulSet {@code guacd-stateful}
 * of 3 pods in namespace {@code guacamole}, each also reachable through its own Service
 * {@code guacd-0..2}, serving a class of 60 students. Planned when no members are given.
 */
final class Classroom {

    static final String NAMESPACE = "guacamole";
    static final String STATEFUL_SET = "guacd-stateful";
    static final int PODS = 3;
    static final int USERS = 60;
    static final String KEY_PREFIX = "student-";
    static final int GUACD_PORT = 4822;

    /** The seed's small, medium and large class setups. */
    static final List<Integer> CLASS_SIZES = List.of(3, 5, 10);

    private Classroom() {
    }

    /**
     * Members as the extension would see them through SRV with the host template
     * {@code guacd-{ordinal}.guacamole.svc.cluster.local}: named by pod, reached through the
     * per-pod Service.
     */
    static String members(int pods) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < pods; i++)
            items.add(STATEFUL_SET + "-" + i + "=guacd-" + i + "." + NAMESPACE + ".svc.cluster.local:" + GUACD_PORT);
        return String.join(",", items);
    }

    static String description() {
        return "the seed classroom: StatefulSet " + STATEFUL_SET + " reached through its per-pod Services guacd-0.."
                + (PODS - 1) + " in namespace " + NAMESPACE;
    }
}
