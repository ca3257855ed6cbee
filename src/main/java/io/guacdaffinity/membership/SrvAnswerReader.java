package io.guacdaffinity.membership;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a NOERROR or NXDOMAIN answer to an SRV query into members. A record that cannot name a
 * reachable, unambiguous member is skipped with a warning; it never reaches the ring.
 */
final class SrvAnswerReader {

    /** SRV weights beyond this would make rings too large to build; static weights share the bound. */
    static final int MAX_WEIGHT = 1000;

    private final ConnectHosts hosts;
    private final boolean useWeights;

    SrvAnswerReader(ConnectHosts hosts, boolean useWeights) {
        this.hosts = hosts;
        this.useWeights = useWeights;
    }

    /**
     * @param query the absolute SRV name asked for
     * @param response an answer whose rcode is NOERROR or NXDOMAIN
     * @param from the server that answered, for the description
     */
    Resolution read(Name query, Message response, String from) {
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
        Map<String, List<Candidate>> byName = new LinkedHashMap<>();
        long ttl = Long.MAX_VALUE;
        for (SRVRecord r : records) {
            ttl = Math.min(ttl, r.getTTL());
            Candidate c = candidate(r, warnings);
            if (c != null)
                byName.computeIfAbsent(c.member.name(), k -> new ArrayList<>()).add(c);
        }

        List<Member> members = new ArrayList<>();
        for (Map.Entry<String, List<Candidate>> e : byName.entrySet()) {
            List<Candidate> same = e.getValue();
            if (allEqual(same)) {
                members.add(same.get(0).member);
                continue;
            }
            // Keeping any one of them would depend on the order DNS returned them in.
            List<String> shown = new ArrayList<>();
            for (Candidate c : same)
                shown.add(describe(c.record));
            warnings.add("skipped SRV records " + String.join(", ", shown) + ": they give the same member name \""
                    + e.getKey() + "\" (the first label of the target); rename the pods or Services so each is unique");
        }
        if (members.isEmpty())
            return new Resolution(List.of(), ttl, warnings, "every one of " + records.size()
                    + " SRV records from " + from + " was skipped");
        return new Resolution(members, ttl, warnings, records.size() + " SRV record" + (records.size() == 1 ? "" : "s")
                + " from " + from);
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

    private Candidate candidate(SRVRecord r, List<String> warnings) {
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
