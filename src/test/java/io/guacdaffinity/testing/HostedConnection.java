package io.guacdaffinity.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One connection hosted by a {@link GuacdDouble}, the counterpart of a guacd child process: it lives while at
 * least one user (owner or joiner) is connected and ends, for good, when the last one leaves.
 */
final class HostedConnection {

    final String id;
    final String protocol;

    private final Set<GuacdUser> users = new HashSet<>();
    private boolean ended;

    HostedConnection(String id, String protocol) {
        this.id = id;
        this.protocol = protocol;
    }

    /** @return false if the connection already ended, as guacd refuses users of a stopping client */
    synchronized boolean add(GuacdUser user) {
        if (ended)
            return false;
        users.add(user);
        return true;
    }

    /** @return true if this removal ended the connection */
    synchronized boolean remove(GuacdUser user) {
        if (!users.remove(user) || ended || !users.isEmpty())
            return false;
        ended = true;
        return true;
    }

    synchronized List<GuacdUser> users() {
        return new ArrayList<>(users);
    }
}
