package io.guacdaffinity.deploy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One Kubernetes object as parsed YAML, with paths into it. */
final class KubeObject {

    private final Map<String, Object> content;
    private final String source;

    KubeObject(Map<String, Object> content, String source) {
        this.content = content;
        this.source = source;
    }

    String kind() {
        return string("kind");
    }

    String name() {
        return string("metadata", "name");
    }

    String namespace() {
        return string("metadata", "namespace");
    }

    /** The value at {@code path}, or null when any step is missing. */
    Object at(String... path) {
        return at(content, path);
    }

    String string(String... path) {
        Object value = at(path);
        return value == null ? null : value.toString();
    }

    Map<String, Object> map(String... path) {
        return asMap(at(path));
    }

    List<Map<String, Object>> maps(String... path) {
        return asMaps(at(path));
    }

    @Override
    public String toString() {
        return kind() + " " + name() + " (" + source + ")";
    }

    static Object at(Object root, String... path) {
        Object here = root;
        for (String step : path) {
            if (!(here instanceof Map))
                return null;
            here = ((Map<?, ?>) here).get(step);
        }
        return here;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Collections.emptyMap();
    }

    static List<Map<String, Object>> asMaps(Object value) {
        List<Map<String, Object>> maps = new ArrayList<>();
        if (value instanceof List) {
            for (Object item : (List<?>) value)
                maps.add(asMap(item));
        }
        return maps;
    }

    static List<String> asStrings(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof List) {
            for (Object item : (List<?>) value)
                strings.add(String.valueOf(item));
        }
        return strings;
    }

    /** A label map (labels or matchLabels) with every value as text. */
    static Map<String, String> labels(Object value) {
        Map<String, String> labels = new LinkedHashMap<>();
        asMap(value).forEach((k, v) -> labels.put(k, String.valueOf(v)));
        return labels;
    }

    /** Whether a non-empty equality selector selects an object carrying {@code labels}. */
    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }
}
