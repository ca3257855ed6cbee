package io.guacdaffinity.membership;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.Excerpt;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.HostNames;
import io.guacdaffinity.ring.Member;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a NOERROR or NXDOMAIN answer to an SRV query into members. A record that cannot name a
 * reachable, unambiguous member is skipped with a warning; it never reaches the ring. So is a
 * target outside the SRV name's own domain when the target itself is dialled, and a member that
 * would dial the same host and port as another. An answer too large for a ring is refused whole.
 */
final class SrvAnswerReader {

    /** SRV weights beyond this would make rings too large to build; static weights share the bound. */
    static final int MAX_WEIGHT = 1000;

    private final ConnectHosts hosts;
    private final boolean useWeights;
    private final int virtualNodes;

    /**
     * @param virtualNodes guacd-affinity-virtual-nodes, to refuse answers whose ring would have
     *        more than {@link HashRing#MAX_POINTS} points
     */
    SrvAnswerReader(ConnectHosts hosts, boolean useWeights, int virtualNodes) {
        this.hosts = hosts;
        this.useWeights = useWeights;
        this.virtualNodes = virtualNodes;
    }

    /**
     * @param query the absolute SRV name asked for
     * @param response an answer whose rcode is NOERROR or NXDOMAIN
     * @param from the server that answered, for the description
     * @throws MemberSourceException when the usable records would make a ring larger than
     *         {@link HashRing} accepts: such an answer is broken or forged, and it must not replace
     *         the ring in use any more than a failed look-up does
     */
    Resolution read(Name query, Message response, String from) throws MemberSourceException {
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN)
            return new Resolution(List.of(), negativeTtl(response), List.of(), "NXDOMAIN from " + from);
        if (rcode != Rcode.NOERROR)
            throw new IllegalArgumentException("answer with rcode " + Rcode.string(rcode) + " is not a member list");

        Set<Name> owners = ownerNames(query, response);
        List<SRVRecord> records = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r instanceof SRVRecord && r.getDClass() == DClass.IN && owners.contains(r.getName()))
                records.add((SRVRecord) r);
        }
        if (records.isEmpty())
            return new Resolution(List.of(), negativeTtl(response), List.of(), "no SRV records from " + from);

        List<String> warnings = new ArrayList<>();
        String domain = serviceDomain(query);
        Map<String, List<Candidate>> byName = new TreeMap<>();
        long ttl = Long.MAX_VALUE;
        for (SRVRecord r : records) {
            ttl = Math.min(ttl, r.getTTL());
            Candidate c = candidate(r, domain, warnings);
            if (c != null)
                byName.computeIfAbsent(c.member.name(), k -> new ArrayList<>()).add(c);
        }

        List<Candidate> named = new ArrayList<>();
        for (Map.Entry<String, List<Candidate>> e : byName.entrySet()) {
            List<Candidate> same = e.getValue();
            if (allEqual(same)) {
                named.add(same.get(0));
                continue;
            }
            // Keeping any one of them would depend on the order DNS returned them in.
            List<String> shown = new ArrayList<>();
            for (Candidate c : same)
                shown.add(describe(c.record));
            warnings.add("skipped SRV records " + String.join(", ", shown) + ": they give the same member name \""
                    + e.getKey() + "\" (the first label of the target); rename the pods or Services so each is unique");
        }
        List<Member> members = oneMemberPerEndpoint(named, warnings);
        // In a fixed order, so that a server rotating its records does not make the same skips look new.
        Collections.sort(warnings);
        if (members.isEmpty())
            return new Resolution(List.of(), ttl, warnings, "every one of " + records.size()
                    + " SRV records from " + from + " was skipped");
        String tooLarge = HashRing.sizeProblem(members, virtualNodes);
        if (tooLarge != null)
            throw new MemberSourceException("SRV answer for " + query.toString(true) + " from " + from
                    + " refused: " + tooLarge + " (" + records.size() + " SRV records"
                    + (useWeights ? "; the weights are the records' own, as " + AffinityConfig.SRV_WEIGHTS.name()
                    + " is true" : "") + ")");
        return new Resolution(members, ttl, warnings, records.size() + " SRV record" + (records.size() == 1 ? "" : "s")
                + " from " + from);
    }

    /**
     * Keeps one member per host and port: two members on one guacd would give it two shares of the
     * ring and make its health and load count twice. The member whose name sorts first stays, so
     * every replica keeps the same one whatever order DNS returned the records in.
     *
     * @param candidates one per member name, in name order
     */
    private static List<Member> oneMemberPerEndpoint(List<Candidate> candidates, List<String> warnings) {
        Map<String, Candidate> byEndpoint = new HashMap<>();
        List<Member> members = new ArrayList<>();
        for (Candidate c : candidates) {
            String endpoint = HostNames.endpoint(c.member.host(), c.member.port());
            Candidate kept = byEndpoint.putIfAbsent(endpoint, c);
            if (kept == null) {
                members.add(c.member);
                continue;
            }
            warnings.add("skipped SRV record " + describe(c.record) + ": member \"" + c.member.name()
                    + "\" would connect to " + endpoint + ", as member \"" + kept.member.name() + "\" (from "
                    + describe(kept.record) + ") does; two members must not be one guacd, so the name sorting"
                    + " first is kept (check " + AffinityConfig.SRV_HOST_TEMPLATE.name() + ")");
        }
        return members;
    }

    /**
     * The SRV name without its leading {@code _service._protocol} labels, in lower case: for
     * {@code _guacd._tcp.guacd-headless.guacamole.svc.cluster.local}, the headless Service's own
     * domain, under which Kubernetes names each of its pods.
     */
    static String serviceDomain(Name query) {
        String domain = query.toString(true).toLowerCase(Locale.ROOT);
        while (domain.startsWith("_")) {
            int dot = domain.indexOf('.');
            domain = dot < 0 ? "" : domain.substring(dot + 1);
        }
        return domain;
    }

    /** The query name and any CNAME chain the answer followed from it. */
    private static Set<Name> ownerNames(Name query, Message response) {
        Set<Name> owners = new HashSet<>();
        owners.add(query);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Record r : response.getSection(Section.ANSWER)) {
                if (r.getType() == Type.CNAME && owners.contains(r.getName()))
                    grew |= owners.add(((CNAMERecord) r).getTarget());
            }
        }
        return owners;
    }

    /**
     * @param domain {@link #serviceDomain}: where the target must lie when the target itself is
     *        dialled, so that an SRV answer can only name pods of the Service, never {@code localhost}
     *        or a host elsewhere
     */
    private Candidate candidate(SRVRecord r, String domain, List<String> warnings) {
        Name targetName = r.getTarget();
        if (targetName.equals(Name.root)) {
            warnings.add("skipped SRV record " + describe(r) + ": target \".\" means the service is not offered");
            return null;
        }
        if (r.getPort() == 0) {
            warnings.add("skipped SRV record " + describe(r) + ": port 0 cannot be connected to");
            return null;
        }
        String target = targetName.toString(true).toLowerCase(Locale.ROOT);
        if (target.matches("[0-9.]+")) {
            warnings.add("skipped SRV record " + describe(r) + ": target \"" + target + "\" is an IP address;"
                    + " an SRV target must be a host name whose first label names the pod");
            return null;
        }
        if (!HostNames.isValid(target)) {
            warnings.add("skipped SRV record " + describe(r) + ": target \"" + target + "\" is not "
                    + HostNames.ACCEPTED);
            return null;
        }
        if (hosts.dialsTarget() && !target.endsWith("." + domain)) {
            String accepted = domain.isEmpty()
                    ? AffinityConfig.SRV.name() + " has no domain after its _service._protocol labels, so no target is"
                    : "only targets named <pod>." + domain + " (the domain of " + AffinityConfig.SRV.name() + ") are";
            warnings.add("skipped SRV record " + describe(r) + ": target " + Excerpt.quoted(target) + " lies outside"
                    + " the Service's domain; " + accepted + " accepted unless " + AffinityConfig.SRV_HOST_TEMPLATE.name()
                    + " is set");
            return null;
        }
        String name = HostNames.firstLabel(target);
        String host;
        try {
            host = hosts.hostFor(name, target);
        }
        catch (IllegalArgumentException e) {
            warnings.add("skipped SRV record " + describe(r) + ": " + e.getMessage());
            return null;
        }
        int weight = 1;
        if (useWeights) {
            weight = Math.max(1, r.getWeight());
            if (weight > MAX_WEIGHT) {
                warnings.add("SRV record " + describe(r) + ": weight " + weight + " is above " + MAX_WEIGHT
                        + "; using " + MAX_WEIGHT);
                weight = MAX_WEIGHT;
            }
        }
        return new Candidate(r, new Member(name, host, r.getPort(), weight));
    }

    private static boolean allEqual(List<Candidate> candidates) {
        for (Candidate c : candidates) {
            if (!c.member.equals(candidates.get(0).member))
                return false;
        }
        return true;
    }

    /** RFC 2308: a negative answer may be cached for the smaller of the SOA's TTL and its minimum. */
    private static long negativeTtl(Message response) {
        for (Record r : response.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord)
                return Math.min(r.getTTL(), ((SOARecord) r).getMinimum());
        }
        return Resolution.UNKNOWN_TTL;
    }

    static String describe(SRVRecord r) {
        return "\"" + r.getName() + " " + r.getTTL() + " SRV " + r.rdataToString() + "\"";
    }

    private static final class Candidate {
        final SRVRecord record;
        final Member member;

        Candidate(SRVRecord record, Member member) {
            this.record = record;
            this.member = member;
        }
    }
}
