package io.guacdaffinity.membership;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.ring.Member;

import java.util.List;

/** The members listed in guacd-affinity-members: used alone without an SRV name, else as fallback. */
public final class StaticMemberSource implements MemberSource {

    private final List<Member> members;

    public StaticMemberSource(List<Member> members) {
        this.members = List.copyOf(members);
    }

    public static StaticMemberSource of(AffinityConfig config) {
        return new StaticMemberSource(config.members());
    }

    @Override
    public Resolution resolve() {
        return new Resolution(members, Resolution.UNKNOWN_TTL, List.of(),
                members.size() + " members from " + AffinityConfig.MEMBERS.name());
    }

    @Override
    public String describe() {
        return "static list " + AffinityConfig.MEMBERS.name() + " (" + members.size() + " members)";
    }
}
