package io.nicplan.embed.expand;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Configuration functions by name: the NIC features' ({@code embed.feature.NicFeatures}) and any a caller plugs in. */
public final class ConfigFunctions {
    private static final ConfigFunctions NONE = new ConfigFunctions(Map.of());

    private final Map<String, ConfigFunction> byName;

    private ConfigFunctions(Map<String, ConfigFunction> byName) {
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /** No function; the standard ones are the NIC features' ({@code NicFeatures.standard().functions()}). */
    public static ConfigFunctions none() {
        return NONE;
    }

    /** A registry that also holds (or replaces by name) {@code functions}. */
    public ConfigFunctions with(List<ConfigFunction> functions) {
        Map<String, ConfigFunction> m = new LinkedHashMap<>(byName);
        functions.forEach(f -> m.put(f.name(), f));
        return new ConfigFunctions(m);
    }

    public Optional<ConfigFunction> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
