package io.guacdaffinity.cli;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.PropertyLookup;
import io.guacdaffinity.conf.Setting;
import io.guacdaffinity.membership.MemberSourceException;
import io.guacdaffinity.membership.Resolution;
import io.guacdaffinity.membership.SrvMemberSource;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.GuacdCheck;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code doctor}: reads the same properties as the extension, resolves the SRV name for real, prints
 * what the extension would see (members, TTL, source, warnings, errors) and runs the extension's
 * health check on every member, so an admin can check DNS and every guacd from where Guacamole runs
 * before installing. Exit 0 when there are members and each answers the check, 1 when there are none,
 * DNS failed (one line saying which server failed and how) or a member fails the check.
 */
final class DoctorCommand implements Command {

    static final Option SRV = new Option("--srv", "NAME",
            "the SRV name to resolve, such as _guacd._tcp.guacd-headless.guacamole.svc.cluster.local;"
                    + " overrides guacd-affinity-srv");
    static final Option DNS_SERVERS = new Option("--dns-servers", "LIST",
            "DNS servers host[:port] to ask instead of the system resolver, separated by commas;"
                    + " overrides guacd-affinity-dns-servers");

    private final GuacamoleHome home;

    DoctorCommand() {
        this(GuacamoleHome.system());
    }

    DoctorCommand(GuacamoleHome home) {
        this.home = home;
    }

    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String synopsis() {
        return "doctor [--properties FILE] [--srv NAME] [--dns-servers LIST] [--set NAME=VALUE]...";
    }

    @Override
    public String summary() {
        return "read the members as the extension would (guacd-affinity-members, or guacd-affinity-srv resolved for"
                + " real), run the health check on each (connect, TLS when on, a select guacd answers at once) and"
                + " print what each answered: reachable, refused, silent, TLS failure...; exit 0 when every member"
                + " is reachable. Without --properties: the running Guacamole's guacamole.properties, else the"
                + " GUACD_AFFINITY_* environment variables";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.PROPERTIES, SRV, DNS_SERVERS, Option.SET);
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err, Map<String, String> environment) {
        if (!args.positional().isEmpty())
            throw new UsageException("doctor: takes no arguments, got " + String.join(" ", args.positional())
                    + "; expected " + synopsis());
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String assignment : args.values(Option.SET))
            CommandConfiguration.put(overrides, assignment, name());
        if (args.has(SRV))
            overrides.put(AffinityConfig.SRV.name(), args.value(SRV));
        if (args.has(DNS_SERVERS))
            overrides.put(AffinityConfig.DNS_SERVERS.name(), args.value(DNS_SERVERS));

        String given = args.value(Option.PROPERTIES);
        Path file = given != null ? Paths.get(given) : home.find(environment);
        AffinityConfig config;
        String origin;
        if (file != null) {
            PropertiesFileLookup lookup = CommandConfiguration.readFile(file, environment, overrides, name());
            config = CommandConfiguration.check(lookup);
            origin = lookup.file() + (lookup.environmentEnabled() ? " and GUACD_AFFINITY_* environment variables"
                    + " (enable-environment-properties: true)" : " (environment variables not read: it does not set"
                    + " enable-environment-properties: true)");
            for (String warning : CommandConfiguration.unknownNames(lookup))
                out.println("warning:  " + warning);
            for (String warning : lookup.warnings())
                out.println("warning:  " + warning);
        }
        else {
            // No file: the official image enables environment properties, so read them as it would.
            config = AffinityConfig.from(environmentAndOverrides(environment, overrides));
            origin = "GUACD_AFFINITY_* environment variables (no guacamole.properties in " + home.places() + ")";
        }
        if (!overrides.isEmpty())
            origin += ", overridden on the command line";
        for (String warning : config.warnings())
            out.println("warning:  " + warning);

        if (!config.srvEnabled())
            return staticOnly(config, origin, out, err);
        QuietSlf4j.start();
        return srv(config, origin, out, err);
    }

    private static PropertyLookup environmentAndOverrides(Map<String, String> environment, Map<String, String> overrides) {
        return name -> overrides.containsKey(name) ? overrides.get(name)
                : environment.get(Setting.environmentVariable(name));
    }

    private int staticOnly(AffinityConfig config, String origin, PrintStream out, PrintStream err) {
        if (config.members().isEmpty()) {
            err.println("guacd-affinity doctor: neither " + AffinityConfig.SRV.name() + " nor "
                    + AffinityConfig.MEMBERS.name() + " is set in " + origin
                    + ": the extension would have no guacd to route to");
            return Cli.FAILED;
        }
        out.println("read:     " + origin);
        out.println("source:   STATIC (" + AffinityConfig.SRV.name() + " is not set)");
        return checkMembers(config, config.members(), out, err);
    }

    private int srv(AffinityConfig config, String origin, PrintStream out, PrintStream err) {
        Resolution r;
        String asked;
        try (SrvMemberSource source = new SrvMemberSource(config)) {
            asked = source.describe();
            try {
                r = source.resolve();
            }
            catch (MemberSourceException e) {
                err.println("guacd-affinity doctor: " + e.getMessage());
                if (!config.members().isEmpty()) {
                    out.println("source:   FALLBACK (the extension would use " + AffinityConfig.MEMBERS.name()
                            + " until DNS answers)");
                    printMembers(config.members(), out);
                }
                return Cli.FAILED;
            }
        }
        out.println("read:     " + origin);
        out.println("asked:    " + asked);
        long next = r.ttlSeconds() < 0 ? config.refreshMinSeconds()
                : Math.max(config.refreshMinSeconds(), Math.min(config.refreshMaxSeconds(), r.ttlSeconds()));
        out.println("answer:   " + r.answer() + ", TTL " + (r.ttlSeconds() < 0 ? "unknown" : r.ttlSeconds() + " s")
                + "; the extension would look again after " + next + " s (TTL kept within "
                + AffinityConfig.REFRESH_MIN.name() + " " + config.refreshMinSeconds() + " and "
                + AffinityConfig.REFRESH_MAX.name() + " " + config.refreshMaxSeconds() + ")");
        if (!config.srvHostTemplate().isEmpty())
            out.println("hosts:    from " + AffinityConfig.SRV_HOST_TEMPLATE.name() + " " + config.srvHostTemplate());
        for (String w : r.warnings())
            out.println("warning:  " + w);
        if (r.isEmpty()) {
            err.println("guacd-affinity doctor: " + r.answer() + ": no usable SRV records for " + config.srv()
                    + " (does the headless Service have a port with that name, and a ready pod?)"
                    + (config.members().isEmpty() ? "; the extension would have no guacd to route to"
                    : "; the extension would use " + AffinityConfig.MEMBERS.name() + " after "
                    + config.srvEmptyGraceSeconds() + " s (at once when it starts like this)"));
            return Cli.FAILED;
        }
        out.println("source:   SRV");
        return checkMembers(config, r.members(), out, err);
    }

    private static void printMembers(List<Member> members, PrintStream out) {
        out.println("members:  " + members.size());
        TextTable table = new TextTable(2, "name", "host:port", "weight");
        for (Member m : members)
            table.row(m.name(), RouteCommand.address(m), String.valueOf(m.weight()));
        for (String line : table.render().split("\n"))
            out.println("  " + line);
    }

    /**
     * Runs the health check on every member at once and prints the members with what each answered;
     * exit 1 when any member does not answer it as a guacd does.
     */
    private static int checkMembers(AffinityConfig config, List<Member> members, PrintStream out, PrintStream err) {
        List<GuacdCheck.Result> results = MemberChecks.run(config, members);
        out.println("checked:  " + MemberChecks.describe(config));
        out.println("members:  " + members.size());
        TextTable table = new TextTable(3, "name", "host:port", "check", "weight");
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            GuacdCheck.Result r = results.get(i);
            table.row(m.name(), RouteCommand.address(m), MemberChecks.verdict(r.outcome()), String.valueOf(m.weight()));
            if (!MemberChecks.passes(r.outcome()))
                failed.add(m.name() + " " + MemberChecks.verdict(r.outcome()));
        }
        for (String line : table.render().split("\n"))
            out.println("  " + line);
        for (int i = 0; i < members.size(); i++)
            out.println("  " + members.get(i).name() + ": " + MemberChecks.explain(results.get(i), config));
        if (failed.isEmpty())
            return Cli.OK;
        err.println("guacd-affinity doctor: " + failed.size() + " of " + members.size() + " members fail the health"
                + " check: " + String.join(", ", failed));
        return Cli.FAILED;
    }
}
