package io.guacdaffinity.cli;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.Excerpt;
import io.guacdaffinity.conf.KeyMode;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.AffinityKey;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code plan}: how N users spread over the members, keyed as the extension keys them, what bounded
 * load would make of the same users, and how many of them move when the member list is scaled or
 * loses one. Without options: the seed classroom, 60 users over 3 pods, then 5 and 10 pods.
 */
final class PlanCommand implements Command {

    static final int MAX_USERS = 1_000_000;
    static final int MAX_SCALE = 1000;
    /** Always shown beside the configured load factor: the usual choice for bounded load. */
    static final double SHOWN_LOAD_FACTOR = 1.25;

    @Override
    public String name() {
        return "plan";
    }

    @Override
    public String synopsis() {
        return "plan [--members LIST | --properties FILE] [--set NAME=VALUE]... [--users N] [--scale SIZES]"
                + " [--key-prefix PREFIX] [--format text|tsv]";
    }

    @Override
    public String summary() {
        return "users per member (keyed as guacd-affinity-key says, such as user:student-01), peak/mean, the same"
                + " with bounded load (c = 1.25 and guacd-affinity-load-factor), and how many users move when"
                + " members are added or one is lost; without options: the seed classroom (60 users on"
                + " guacd-stateful-0..2, the pods of the Kubernetes example, then 5 and 10 members)";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.MEMBERS, Option.PROPERTIES, Option.SET, Option.USERS, Option.SCALE, Option.KEY_PREFIX,
                Option.FORMAT);
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err, Map<String, String> environment) {
        if (!args.positional().isEmpty())
            throw new UsageException("plan: unexpected argument " + Excerpt.quoted(args.positional().get(0))
                    + "; plan takes only options: " + synopsis());
        boolean tsv = OutputFormat.tsv(args);
        int users = args.intValue(Option.USERS, 1, MAX_USERS, Classroom.USERS);
        String prefix = args.has(Option.KEY_PREFIX) ? args.value(Option.KEY_PREFIX) : Classroom.KEY_PREFIX;
        CommandConfiguration conf = CommandConfiguration.from(args, environment);
        for (String warning : conf.warnings())
            err.println("warning: " + warning);
        List<Member> members = conf.members();
        List<Integer> sizes = args.has(Option.SCALE) ? sizes(args.value(Option.SCALE)) : classSizesOtherThan(members.size());

        List<String> values = Plan.keys(prefix, users);
        KeyMode mode = conf.config().keyMode();
        List<String> keys = new ArrayList<>(values.size());
        for (String value : values)
            keys.add(AffinityKey.of(mode, value).text());
        Plan plan = Plan.compute(members, conf.config().virtualNodes(), keys, sizes, loadFactors(conf.config()));
        if (tsv)
            PlanRecords.write(plan, conf.config(), out);
        else
            PlanTable.write(plan, values, conf, out);
        return Cli.OK;
    }

    /** {@value #SHOWN_LOAD_FACTOR}, and the configured load factor when bounded load is on with another one. */
    static List<Double> loadFactors(AffinityConfig config) {
        List<Double> out = new ArrayList<>(List.of(SHOWN_LOAD_FACTOR));
        if (config.boundedLoad() && config.loadFactor() != SHOWN_LOAD_FACTOR)
            out.add(config.loadFactor());
        return out;
    }

    private static List<Integer> classSizesOtherThan(int current) {
        List<Integer> out = new ArrayList<>();
        for (int size : Classroom.CLASS_SIZES) {
            if (size != current)
                out.add(size);
        }
        return out;
    }

    /** {@code 5,10}: distinct member counts from 1 to {@link #MAX_SCALE}, in the order given. */
    static List<Integer> sizes(String text) {
        Set<Integer> out = new LinkedHashSet<>();
        for (String item : text.split(",", -1)) {
            String t = item.trim();
            int size = -1;
            if (t.matches("[0-9]{1,7}"))
                size = Integer.parseInt(t);
            if (size < 1 || size > MAX_SCALE)
                throw new UsageException("plan: option --scale = " + Excerpt.quoted(text) + " is not accepted: "
                        + Excerpt.quoted(t) + " is not a member count; expected whole numbers from 1 to " + MAX_SCALE
                        + " separated by commas, such as 5,10");
            out.add(size);
        }
        return new ArrayList<>(out);
    }

}
