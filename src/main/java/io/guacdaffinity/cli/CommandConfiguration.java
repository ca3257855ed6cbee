package io.guacdaffinity.cli;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.ConfigurationException;
import io.guacdaffinity.conf.Excerpt;
import io.guacdaffinity.conf.Setting;
import io.guacdaffinity.ring.Member;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The configuration a command works on, from {@code --properties}, {@code --members} and
 * {@code --set}; the seed classroom's members when none of them names any.
 */
final class CommandConfiguration {

    private static final String PREFIX = "guacd-affinity-";

    private final AffinityConfig config;
    private final String membersOrigin;
    private final boolean classroom;
    private final List<String> warnings;

    private CommandConfiguration(AffinityConfig config, String membersOrigin, boolean classroom, List<String> warnings) {
        this.config = config;
        this.membersOrigin = membersOrigin;
        this.classroom = classroom;
        this.warnings = warnings;
    }

    /**
     * Reads the configuration named by the command's options.
     *
     * @throws UsageException for an unknown {@code --set} name, an unreadable file, or no members
     * @throws ConfigurationException listing every property not accepted, each with where it was set
     */
    static CommandConfiguration from(Arguments args, Map<String, String> environment) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String assignment : args.values(Option.SET))
            put(overrides, assignment, args.command());
        if (args.has(Option.MEMBERS))
            overrides.put(AffinityConfig.MEMBERS.name(), args.value(Option.MEMBERS));

        List<String> warnings = new ArrayList<>();
        PropertiesFileLookup lookup;
        boolean classroom = false;
        String propertiesFile = args.value(Option.PROPERTIES);
        if (propertiesFile != null)
            lookup = readFile(Paths.get(propertiesFile), environment, overrides, args.command());
        else {
            classroom = !overrides.containsKey(AffinityConfig.MEMBERS.name());
            if (classroom)
                overrides.put(AffinityConfig.MEMBERS.name(), Classroom.members(Classroom.PODS));
            lookup = PropertiesFileLookup.overridesOnly(overrides);
        }

        AffinityConfig config = check(lookup);
        warnings.addAll(unknownNames(lookup));
        warnings.addAll(lookup.warnings());
        warnings.addAll(config.warnings());

        String origin;
        if (classroom)
            origin = Classroom.description();
        else if (args.has(Option.MEMBERS))
            origin = "given with --members";
        else
            origin = AffinityConfig.MEMBERS.name() + " from " + lookup.sourceOf(AffinityConfig.MEMBERS.name());
        if (config.members().isEmpty())
            throw new UsageException(args.command() + ": " + noMembers(config, lookup));
        return new CommandConfiguration(config, origin, classroom, warnings);
    }

    /**
     * The configuration {@code lookup} gives, checked as the extension checks it.
     *
     * @throws ConfigurationException listing every problem of the file at once: each value not accepted,
     *         with where it was set, and then each {@code guacd-affinity-*} name that is no property
     */
    static AffinityConfig check(PropertiesFileLookup lookup) {
        try {
            return AffinityConfig.from(lookup);
        }
        catch (ConfigurationException e) {
            List<String> problems = withSources(e.problems(), lookup);
            problems.addAll(unknownNames(lookup));
            throw new ConfigurationException(problems);
        }
    }

    static PropertiesFileLookup readFile(Path file, Map<String, String> environment,
            Map<String, String> overrides, String command) {
        try {
            return PropertiesFileLookup.read(file, environment, overrides);
        }
        catch (NoSuchFileException e) {
            throw new UsageException(command + ": option --properties = \"" + file + "\" is not accepted: "
                    + e.getFile() + " does not exist; expected a guacamole.properties file or a GUACAMOLE_HOME directory");
        }
        catch (IOException e) {
            String reason = e instanceof FileSystemException && ((FileSystemException) e).getReason() != null
                    ? ((FileSystemException) e).getReason()
                    : e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
            throw new UsageException(command + ": " + PropertiesFileLookup.propertiesFile(file) + " cannot be read ("
                    + reason + "); expected a readable guacamole.properties file or a GUACAMOLE_HOME directory");
        }
        catch (IllegalArgumentException e) {
            throw new UsageException(command + ": " + e.getMessage());
        }
    }

    static void put(Map<String, String> overrides, String assignment, String command) {
        int eq = assignment.indexOf('=');
        String name = eq < 0 ? assignment.trim() : assignment.substring(0, eq).trim();
        if (eq < 0)
            throw new UsageException(command + ": option --set = " + Excerpt.quoted(assignment) + " is not accepted: expected"
                    + " NAME=VALUE, such as --set " + AffinityConfig.VIRTUAL_NODES.name() + "=1500");
        if (setting(name) == null)
            throw new UsageException(command + ": option --set names " + Excerpt.quoted(name) + ", which is not a guacd-affinity"
                    + " property" + didYouMean(name) + "; accepted: " + AffinityConfig.ALL.stream().map(Setting::name)
                    .collect(Collectors.joining(", ")));
        overrides.put(name, assignment.substring(eq + 1));
    }

    private static Setting<?> setting(String name) {
        for (Setting<?> s : AffinityConfig.ALL) {
            if (s.name().equals(name))
                return s;
        }
        return null;
    }

    /** Each problem, with where its value was set when that is not obvious from the command line. */
    private static List<String> withSources(List<String> problems, PropertiesFileLookup lookup) {
        List<String> out = new ArrayList<>();
        for (String problem : problems) {
            String source = null;
            for (Setting<?> s : AffinityConfig.ALL) {
                if (problem.startsWith("property " + s.name() + " = "))
                    source = lookup.sourceOf(s.name());
            }
            out.add(source == null ? problem : problem + " [set in " + source + "]");
        }
        return out;
    }

    private static String noMembers(AffinityConfig config, PropertiesFileLookup lookup) {
        String where = lookup.file() == null ? "the command line" : lookup.file().toString();
        if (config.srvEnabled())
            return "no static members to work on: " + where + " sets " + AffinityConfig.SRV.name() + " = "
                    + config.srv() + " but no " + AffinityConfig.MEMBERS.name()
                    + " (the SRV name is resolved by the running extension); give --members LIST";
        return "no members to work on: " + where + " sets neither " + AffinityConfig.MEMBERS.name() + " nor "
                + AffinityConfig.SRV.name() + "; give --members LIST, such as --members "
                + "guacd-0.guacamole.svc.cluster.local,guacd-1.guacamole.svc.cluster.local";
    }

    AffinityConfig config() {
        return config;
    }

    List<Member> members() {
        return config.members();
    }

    /** Where the members came from, in words. */
    String membersOrigin() {
        return membersOrigin;
    }

    /** Whether the members are the built-in seed classroom. */
    boolean classroom() {
        return classroom;
    }

    /** A warning for each guacd-affinity-* name the file sets that is no property (a typo Guacamole would ignore). */
    static List<String> unknownNames(PropertiesFileLookup lookup) {
        List<String> out = new ArrayList<>();
        for (String name : lookup.fileNamesStartingWith(PREFIX)) {
            if (setting(name) == null && !AffinityConfig.RETIRED.containsKey(name))
                out.add(lookup.file() + " sets " + name + ", which is not a guacd-affinity property"
                        + didYouMean(name) + "; Guacamole ignores it");
        }
        return out;
    }

    /** " (did you mean guacd-affinity-virtual-nodes?)" for the property nearest to {@code name}, if any is near. */
    static String didYouMean(String name) {
        String typed = name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Setting<?> s : AffinityConfig.ALL) {
            int d = editDistance(typed, s.name().substring(PREFIX.length()));
            if (d < bestDistance) {
                best = s.name();
                bestDistance = d;
            }
        }
        // A typo: one edit per four characters typed, one to three; more is another word.
        int allowed = Math.max(1, Math.min(3, typed.length() / 4));
        return best != null && bestDistance <= allowed ? " (did you mean " + best + "?)" : "";
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
            previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    List<String> warnings() {
        return warnings;
    }
}
