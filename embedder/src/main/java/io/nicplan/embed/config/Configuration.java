package io.nicplan.embed.config;

import io.nicplan.graph.config.ConfigValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A NIC configuration: a value per configured C-node, keyed by the C-node's id. C-nodes without a
 * value keep their function's unconfigured behaviour. Immutable.
 */
public record Configuration(Map<String, ConfigValue> values) {
    public static final Configuration EMPTY = new Configuration(Map.of());

    public Configuration {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Optional<ConfigValue> value(String cnode) {
        return Optional.ofNullable(values.get(cnode));
    }

    public Configuration with(String cnode, ConfigValue value) {
        Map<String, ConfigValue> m = new LinkedHashMap<>(values);
        m.put(cnode, value);
        return new Configuration(m);
    }

    public Configuration without(String cnode) {
        Map<String, ConfigValue> m = new LinkedHashMap<>(values);
        m.remove(cnode);
        return new Configuration(m);
    }

    /** The list value of {@code cnode} (empty when unconfigured). */
    public List<ConfigValue> list(String cnode) {
        ConfigValue v = values.get(cnode);
        return v instanceof ConfigValue.ListValue l ? l.elements() : List.of();
    }

    /** The configuration after {@code change}. */
    public Configuration apply(ConfigChange change) {
        if (change instanceof ConfigChange.AddEntry a) {
            List<ConfigValue> l = new ArrayList<>(list(a.cnode()));
            l.add(a.entry());
            return with(a.cnode(), new ConfigValue.ListValue(l));
        } else if (change instanceof ConfigChange.RemoveEntry r) {
            List<ConfigValue> l = new ArrayList<>(list(r.cnode()));
            l.remove(r.index());
            return with(r.cnode(), new ConfigValue.ListValue(l));
        }
        ConfigChange.SetValue s = (ConfigChange.SetValue) change;
        return s.value().map(v -> with(s.cnode(), v)).orElseGet(() -> without(s.cnode()));
    }
}
