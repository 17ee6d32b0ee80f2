package io.nicplan.embed.expand;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The configuration functions by name: the standard ones of docs/nic-descriptions.md and any a caller adds. */
public final class ConfigFunctions {
    private static final ConfigFunctions STANDARD = new ConfigFunctions(Map.of()).with(List.of(
            new FiveTupleFunction(), new FdirFunction(), new EthertypeFunction(), new SynFunction(), new RssFunction(),
            new QueuesFunction(), new CsumOffloadFunction(), new MaTableFunction(), new FlexTcpFunction()));

    private final Map<String, ConfigFunction> byName;

    private ConfigFunctions(Map<String, ConfigFunction> byName) {
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /** fivetuple, fdir, ethertype, syn, rss, queues, csum_offload, ma_table, flextcp. */
    public static ConfigFunctions standard() {
        return STANDARD;
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
