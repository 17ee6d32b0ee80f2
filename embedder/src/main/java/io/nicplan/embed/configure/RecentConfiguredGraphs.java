package io.nicplan.embed.configure;

import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.expand.ConfigFunctions;
import io.nicplan.graph.DataflowGraph;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The configured graphs of the most recently applied configurations, so that applying an equal
 * configuration to the same PRG again returns the same (immutable) {@link ConfiguredGraph}, with
 * what it has derived already: its materialised graph and compiled classifier. A planner applies
 * one configuration many times (the unfiltered configuration of every state of one NIC, a plan's
 * configuration when it is re-checked), and each application costs a validation, the expansions,
 * a classifier compilation and the reachability of the configured graph.
 *
 * <p>A graph is kept from the second time its configuration is applied: the first time only the
 * configuration is noted (at most {@link #NOTED} of them). A planner under a stream of new states
 * applies each state's filtered configuration and its plan's configuration once, and a kept graph
 * that is never asked for again is live data that every young collection copies until it falls out
 * (docs/PERFORMANCE.md "HTTP service"); the unfiltered configuration, applied for every state, is
 * kept from the second state on.
 *
 * <p>PRGs are compared by identity (a PRG is immutable and parsed once per description), the
 * configurations by value. Only configurations that passed validation are kept, so a bad one is
 * rejected every time. Least recently used out beyond {@link #KEPT}. Thread-safe; a
 * configuration two threads apply at once may be expanded twice (the same graph).
 */
public final class RecentConfiguredGraphs {
    /** How many configured graphs are kept: a NIC's unfiltered one, and room for a few more NICs' or re-checks'. */
    static final int KEPT = 4;
    /** How many configurations applied once are noted (their graphs are not kept). */
    static final int NOTED = 16;

    private final ConfigFunctions functions;
    private final Map<Key, ConfiguredGraph> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, ConfiguredGraph> eldest) {
            return size() > KEPT;
        }
    };

    private final Map<Key, Boolean> appliedOnce = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
            return size() > NOTED;
        }
    };

    public RecentConfiguredGraphs(ConfigFunctions functions) {
        this.functions = Objects.requireNonNull(functions, "functions");
    }

    /**
     * {@code configuration} applied to {@code prg} ({@link ConfiguredGraph#apply(DataflowGraph, Configuration, ConfigFunctions)}),
     * or the graph kept for an equal configuration.
     *
     * @throws io.nicplan.embed.input.InvalidInputException listing every problem with its JSON pointer
     */
    public ConfiguredGraph apply(DataflowGraph prg, Configuration configuration) {
        Key key = new Key(prg, configuration);
        ConfiguredGraph known;
        synchronized (recent) {
            known = recent.get(key);
        }
        if (known != null) {
            return known;
        }
        ConfiguredGraph configured = ConfiguredGraph.apply(prg, configuration, functions);
        synchronized (recent) {
            if (appliedOnce.remove(key) != null) {
                recent.putIfAbsent(key, configured);
            } else {
                appliedOnce.put(key, Boolean.TRUE);
            }
        }
        return configured;
    }

    /** A PRG by identity and a configuration by value. */
    private record Key(DataflowGraph prg, Configuration configuration) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.prg == prg && k.configuration.equals(configuration);
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(prg) + configuration.hashCode();
        }
    }
}
