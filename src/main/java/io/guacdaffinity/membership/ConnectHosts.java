package io.guacdaffinity.membership;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.ring.HostNames;

import java.util.Locale;

/**
 * The host a member is reached at: the SRV target itself, or guacd-affinity-srv-host-template
 * filled in with the pod's name and ordinal (so admins can go through per-pod Services).
 */
final class ConnectHosts {

    private final String template;

    ConnectHosts(String template) {
        this.template = template == null ? "" : template;
    }

    /** Whether members are dialled at the SRV target itself (no template), which DNS alone decides. */
    boolean dialsTarget() {
        return template.isEmpty();
    }

    /**
     * @param podName the member name (first label of the target)
     * @param target the SRV target without its trailing dot
     * @throws IllegalArgumentException saying why no valid host could be built
     */
    String hostFor(String podName, String target) {
        if (template.isEmpty())
            return target;
        String host = template;
        if (host.contains("{ordinal}")) {
            String ordinal = ordinalOf(podName);
            if (ordinal == null)
                throw new IllegalArgumentException("pod name \"" + podName + "\" has no ordinal (digits after its"
                        + " last '-') for " + AffinityConfig.SRV_HOST_TEMPLATE.name() + " \"" + template + "\"");
            host = host.replace("{ordinal}", ordinal);
        }
        host = host.replace("{name}", podName).toLowerCase(Locale.ROOT);
        if (!HostNames.isValid(host))
            throw new IllegalArgumentException(AffinityConfig.SRV_HOST_TEMPLATE.name() + " gives \"" + host
                    + "\", which is not " + HostNames.ACCEPTED);
        return host;
    }

    /** The digits after the last '-' of a StatefulSet pod name ("guacd-stateful-12" gives "12"), or null. */
    static String ordinalOf(String podName) {
        int dash = podName.lastIndexOf('-');
        String digits = podName.substring(dash + 1);
        if (dash < 0 || digits.isEmpty())
            return null;
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9')
                return null;
        }
        return digits;
    }
}
