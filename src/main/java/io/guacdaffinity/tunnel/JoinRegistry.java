package io.guacdaffinity.tunnel;

import io.guacdaffinity.ring.Member;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which member hosts each session whose tunnel this extension opened itself, by the {@code $id}
 * guacd answered with {@code ready}: a join by that id must reach the same guacd. The member is
 * kept as it was when the tunnel opened, so that joins still reach it after it left the ring
 * (a draining guacd), for as long as the tunnel lives.
 */
public final class JoinRegistry {

    private final ConcurrentHashMap<String, Member> memberById = new ConcurrentHashMap<>();

    void register(String connectionId, Member member) {
        if (connectionId != null)
            memberById.put(connectionId, member);
    }

    void unregister(String connectionId, Member member) {
        if (connectionId != null)
            memberById.remove(connectionId, member);
    }

    /** The member hosting {@code connectionId}, or null when no live tunnel of ours has it. */
    public Member memberOf(String connectionId) {
        return connectionId == null ? null : memberById.get(connectionId);
    }

    /** {@code $id} to the name of the member hosting it. */
    public Map<String, String> snapshot() {
        Map<String, String> out = new TreeMap<>();
        memberById.forEach((id, member) -> out.put(id, member.name()));
        return Map.copyOf(out);
    }
}
