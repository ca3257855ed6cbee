package io.guacdaffinity.cli;

import io.guacdaffinity.conf.Excerpt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The words after a command: its options ({@code --name VALUE} or {@code --name=VALUE}) and the rest. */
final class Arguments {

    private final String command;
    private final Map<Option, List<String>> values;
    private final List<String> positional;

    private Arguments(String command, Map<Option, List<String>> values, List<String> positional) {
        this.command = command;
        this.values = values;
        this.positional = positional;
    }

    /**
     * Splits {@code words} against the options {@code command} accepts.
     *
     * @throws UsageException for an unknown option, a missing value, or an option given twice
     *         that may be given only once
     */
    static Arguments parse(String command, List<String> words, List<Option> accepted, List<Option> repeatable) {
        Map<Option, List<String>> values = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (!word.startsWith("--") || word.equals("--")) {
                positional.add(word);
                continue;
            }
            int eq = word.indexOf('=');
            String name = eq < 0 ? word : word.substring(0, eq);
            Option option = find(name, accepted);
            if (option == null)
                throw new UsageException(command + ": unknown option " + name + "; accepted: "
                        + (accepted.isEmpty() ? "none" : accepted.stream().map(Option::name)
                        .collect(Collectors.joining(", "))));
            String value;
            if (eq >= 0)
                value = word.substring(eq + 1);
            else if (i + 1 < words.size())
                value = words.get(++i);
            else
                throw new UsageException(command + ": option " + name + " needs a value: " + name + " "
                        + option.valueName() + " (" + option.help() + ")");
            List<String> list = values.computeIfAbsent(option, o -> new ArrayList<>());
            if (!list.isEmpty() && !repeatable.contains(option))
                throw new UsageException(command + ": option " + name + " is given twice; give it once");
            list.add(value);
        }
        return new Arguments(command, values, Collections.unmodifiableList(positional));
    }

    private static Option find(String name, List<Option> accepted) {
        for (Option o : accepted) {
            if (o.name().equals(name))
                return o;
        }
        return null;
    }

    String command() {
        return command;
    }

    /** The value of an option given once, or null. */
    String value(Option option) {
        List<String> list = values.get(option);
        return list == null ? null : list.get(0);
    }

    /** Every value of a repeatable option, in order. */
    List<String> values(Option option) {
        List<String> list = values.get(option);
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    boolean has(Option option) {
        return values.containsKey(option);
    }

    List<String> positional() {
        return positional;
    }

    /**
     * A whole number option within a range, or its default when absent.
     *
     * @throws UsageException naming the option, the value and the range
     */
    int intValue(Option option, int min, int max, int fallback) {
        String text = value(option);
        if (text == null)
            return fallback;
        try {
            long v = Long.parseLong(text.trim());
            if (v >= min && v <= max)
                return (int) v;
        }
        catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(command + ": option " + option.name() + " = " + Excerpt.quoted(text)
                + " is not accepted: expected a whole number from " + min + " to " + max);
    }
}
