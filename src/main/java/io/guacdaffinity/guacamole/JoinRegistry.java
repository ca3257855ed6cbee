package io.guacdaffinity.guacamole;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which member hosts each session whose tunnel this extension opened itself, by the {@code $id}
 * guacd answered with {@code ready}: a join by that id must reach the same guacd.
 */
final class JoinRegistry {

    private final ConcurrentHashMap<String, String> memberById = new ConcurrentHashMap<>();

    void register(String connectionId, String member) {
        if (connectionId != null)
            memberById.put(connectionId, member);
    }

    void unregister(String connectionId, String member) {
        if (connectionId != null)
            memberById.remove(connectionId, member);
    }

    /** The member hosting {@code connectionId}, or null when no tunnel of ours has it. */
    String memberOf(String connectionId) {
        return connectionId == null ? null : memberById.get(connectionId);
    }

    Map<String, String> snapshot() {
        return Map.copyOf(memberById);
    }
}
