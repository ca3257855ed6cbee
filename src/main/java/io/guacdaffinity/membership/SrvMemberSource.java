package io.guacdaffinity.membership;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.HostPort;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Members from the SRV records of a Kubernetes headless Service, such as
 * {@code _guacd._tcp.guacd-headless.guacamole.svc.cluster.local}. The servers are asked in
 * order; the first one that answers NOERROR or NXDOMAIN decides. A server that times out, is
 * down or answers SERVFAIL (or any other error) is skipped, and when none answers the look-up
 * fails with one line naming each server and what went wrong.
 */
public final class SrvMemberSource implements MemberSource {

    private final Name name;
    private final Supplier<List<InetSocketAddress>> servers;
    private final String serversText;
    private final Duration timeout;
    private final DnsExchange exchange;
    private final SrvAnswerReader reader;
    private final AutoCloseable resources;

    /** Asks guacd-affinity-dns-servers, or the system resolver's servers when that is empty. */
    public SrvMemberSource(AffinityConfig config) {
        this(config, new ResolverExchange());
    }

    private SrvMemberSource(AffinityConfig config, ResolverExchange exchange) {
        this(config, configuredServers(config.dnsServers()), describeServers(config.dnsServers()), exchange, exchange);
    }

    SrvMemberSource(AffinityConfig config, Supplier<List<InetSocketAddress>> servers, String serversText,
                    DnsExchange exchange, AutoCloseable resources) {
        if (!config.srvEnabled())
            throw new IllegalArgumentException(AffinityConfig.SRV.name() + " is not set");
        try {
            this.name = Name.fromString(config.srv(), Name.root);
        }
        catch (TextParseException e) {
            throw new IllegalArgumentException(AffinityConfig.SRV.name() + " \"" + config.srv()
                    + "\" is not a DNS name: " + e.getMessage(), e);
        }
        this.servers = servers;
        this.serversText = serversText;
        this.timeout = Duration.ofMillis(config.dnsTimeoutMillis());
        this.exchange = exchange;
        this.reader = new SrvAnswerReader(new ConnectHosts(config.srvHostTemplate()), config.srvWeights(),
                config.virtualNodes());
        this.resources = resources;
    }

    private static Supplier<List<InetSocketAddress>> configuredServers(List<HostPort> configured) {
        if (configured.isEmpty())
            return () -> ResolverConfig.getCurrentConfig().servers();
        return () -> {
            List<InetSocketAddress> out = new ArrayList<>();
            for (HostPort hp : configured)
                out.add(new InetSocketAddress(hp.host(), hp.port()));
            return out;
        };
    }

    private static String describeServers(List<HostPort> configured) {
        if (configured.isEmpty())
            return "the system resolver's servers";
        List<String> shown = new ArrayList<>();
        for (HostPort hp : configured)
            shown.add(hp.toString());
        return String.join(", ", shown);
    }

    @Override
    public Resolution resolve() throws MemberSourceException {
        List<InetSocketAddress> targets = servers.get();
        if (targets.isEmpty())
            throw new MemberSourceException("no DNS server to ask for " + srvName() + ": " + serversText
                    + " lists none; set " + AffinityConfig.DNS_SERVERS.name());
        Message query = Message.newQuery(Record.newRecord(name, Type.SRV, DClass.IN));
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress server : targets) {
            String shown = show(server);
            if (server.isUnresolved()) {
                failures.add("DNS server " + shown + " could not be resolved to an address");
                continue;
            }
            Message response;
            try {
                response = exchange.send(server, query, timeout);
            }
            catch (TimeoutException e) {
                failures.add("DNS server " + shown + " did not answer within " + timeout.toMillis() + " ms");
                continue;
            }
            catch (IOException e) {
                failures.add("DNS server " + shown + " " + explain(e));
                continue;
            }
            if (response.getHeader().getFlag(Flags.TC)) {
                // The exchange already asked again over TCP. A truncated answer lists some pods or none,
                // and read as it is it would shrink or empty the ring.
                failures.add("DNS server " + shown + " answered truncated even over TCP: the SRV records do not fit"
                        + " in one DNS message (64 KiB), so the answer cannot list every pod");
                continue;
            }
            int rcode = response.getRcode();
            if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
                List<String> skipped = new ArrayList<>();
                for (String f : failures)
                    skipped.add(f + ", so the next server was asked");
                return reader.read(name, response, shown).withWarningsBefore(skipped);
            }
            failures.add("DNS server " + shown + " answered " + Rcode.string(rcode) + explainRcode(rcode));
        }
        throw new MemberSourceException("SRV look-up of " + srvName() + " failed: " + String.join("; ", failures));
    }

    private static String explain(IOException e) {
        if (e instanceof PortUnreachableException)
            return "is down: nothing listens on that port (ICMP port unreachable)";
        if (e instanceof ConnectException)
            return "is down: it refused the TCP connection (" + e.getMessage() + ")";
        if (e instanceof WireParseException)
            return "sent an answer that is not valid DNS (" + e.getMessage() + ")";
        if (e instanceof EOFException)
            return "closed the connection before answering";
        String detail = e.getMessage();
        return "could not be asked: " + e.getClass().getSimpleName() + (detail == null ? "" : " (" + detail + ")");
    }

    private static String explainRcode(int rcode) {
        if (rcode == Rcode.SERVFAIL)
            return " (it could not get an answer itself)";
        if (rcode == Rcode.REFUSED)
            return " (it does not answer queries from this host)";
        return "";
    }

    private static String show(InetSocketAddress server) {
        String host = server.isUnresolved() ? server.getHostString() : server.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + server.getPort();
    }

    /** The SRV name without its trailing dot. */
    public String srvName() {
        return name.toString(true);
    }

    @Override
    public String describe() {
        return "SRV " + srvName() + " via " + serversText + " (timeout " + timeout.toMillis() + " ms per server)";
    }

    @Override
    public void close() {
        try {
            resources.close();
        }
        catch (Exception e) {
            // Shutting down: nothing to do about it but keep the cause for whoever raises the level.
            LoggerFactory.getLogger(SrvMemberSource.class).debug("Closing the DNS client failed", e);
        }
    }
}
