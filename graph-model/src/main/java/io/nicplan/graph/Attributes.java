package io.nicplan.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A node's attributes: flags such as {@code software}, {@code source}, {@code sink}, and
 * {@code key=value} pairs (e.g. {@code queue=3}). Immutable; equality ignores order.
 */
public record Attributes(Set<String> flags, Map<String, String> values) {
    public static final String SOFTWARE = "software";
    public static final String SOURCE = "source";
    public static final String SINK = "sink";
    /** Marks the transmit side of a graph; a transmit node without inputs is where the host hands packets in. */
    public static final String TRANSMIT = "transmit";
    public static final Attributes NONE = new Attributes(Set.of(), Map.of());

    public Attributes {
        flags = Collections.unmodifiableSet(new LinkedHashSet<>(flags));
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Parses one attribute as written in Unicorn: {@code "software"} or {@code "queue=3"}. */
    public Attributes with(String attribute) {
        int eq = attribute.indexOf('=');
        if (eq < 0) {
            Set<String> f = new LinkedHashSet<>(flags);
            f.add(attribute.strip());
            return new Attributes(f, values);
        }
        Map<String, String> v = new LinkedHashMap<>(values);
        v.put(attribute.substring(0, eq).strip(), attribute.substring(eq + 1).strip());
        return new Attributes(flags, v);
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean isSoftware() {
        return has(SOFTWARE);
    }

    public boolean isEmpty() {
        return flags.isEmpty() && values.isEmpty();
    }

    /** Attributes in Unicorn's written form, flags first. */
    public java.util.List<String> asStrings() {
        java.util.List<String> out = new java.util.ArrayList<>(flags);
        values.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }
}
