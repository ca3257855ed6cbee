package io.guacdaffinity.membership;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Builds DNS answers as a server would send them, for tests of the answer reader and sources. */
final class Answers {

    static final String SRV = "_guacd._tcp.guacd-headless.guacamole.svc.cluster.local";
    static final String DOMAIN = "guacd-headless.guacamole.svc.cluster.local.";

    private Answers() {
    }

    static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        }
        catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Message query() {
        return Message.newQuery(Record.newRecord(name(SRV), Type.SRV, DClass.IN));
    }

    static Message response(int rcode, Record... answers) {
        Message m = new Message();
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setRcode(rcode);
        m.addRecord(Record.newRecord(name(SRV), Type.SRV, DClass.IN), Section.QUESTION);
        for (Record r : answers)
            m.addRecord(r, Section.ANSWER);
        return m;
    }

    static Message ok(Record... answers) {
        return response(Rcode.NOERROR, answers);
    }

    static SRVRecord srv(long ttl, int weight, int port, String target) {
        return srv(SRV, ttl, weight, port, target);
    }

    static SRVRecord srv(String owner, long ttl, int weight, int port, String target) {
        return new SRVRecord(name(owner), DClass.IN, ttl, 0, weight, port, name(target));
    }

    /** A record for pod {@code pod} of the headless Service, port 4822, TTL 5. */
    static SRVRecord pod(String pod) {
        return srv(5, 33, 4822, pod + "." + DOMAIN);
    }

    static CNAMERecord cname(String owner, String target) {
        return new CNAMERecord(name(owner), DClass.IN, 30, name(target));
    }

    static SOARecord soa(long ttl, long minimum) {
        return new SOARecord(name("cluster.local."), DClass.IN, ttl, name("ns.dns.cluster.local."),
                name("hostmaster.cluster.local."), 1, 7200, 1800, 86400, minimum);
    }
}
