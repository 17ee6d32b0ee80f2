package io.nicplan.embed.expand;

import io.nicplan.embed.json.Problems;
import io.nicplan.graph.config.ConfigValue;
import java.util.Map;
import java.util.Optional;

/**
 * A configuration function: expands a C-node, given its value, into ordinary nodes. Registered
 * under the {@code function} name C-nodes give in Unicorn ({@link ConfigFunctions}).
 */
public interface ConfigFunction {
    /** The name C-nodes refer to, e.g. {@code fivetuple}. */
    String name();

    /**
     * Checks a type-correct value for what the type cannot say (duplicates, queues the C-node does
     * not reach, ...), reporting at JSON pointers under {@code pointer}.
     */
    void check(ConfigSite site, ConfigValue value, String pointer, Problems problems);

    /** The amount of each resource the value takes (checked against the description's capacities). */
    Map<String, Long> consumption(ConfigSite site, ConfigValue value);

    /**
     * The expansion for a checked value; for an empty value, the C-node's unconfigured behaviour
     * ({@link #unconfigured()}).
     */
    Expansion expand(ConfigSite site, Optional<ConfigValue> value);

    /** What an unconfigured C-node of this function does, in words. */
    String unconfigured();

    /**
     * Appended to a JSON reading problem of this function's values: what the value type means
     * that its shape alone does not say (e.g. exact matches only); empty by default.
     */
    default String valueHint() {
        return "";
    }

    /**
     * Whether the expansion reads other C-nodes' values ({@link ConfigSite#valueOf}), so that it is expanded again
     * whenever any value changes; false by default.
     */
    default boolean readsOtherValues() {
        return false;
    }
}
