package io.nicplan.embed.expand;

import io.nicplan.embed.json.Problems;
import io.nicplan.graph.config.ConfigValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code Bool} C-node that switches a NIC unit on or off and costs no table space: off (or
 * unconfigured) lets packets pass to the C-node's {@code out} targets, on inserts the unit's
 * hardware nodes before them. The offloads ({@code csum_offload}, {@code tx_offload}) are such.
 */
abstract class OnOffFunction implements ConfigFunction {

    /** Whether {@code value} turns the unit on. */
    static boolean isOn(Optional<ConfigValue> value) {
        return value.isPresent() && value.get() instanceof ConfigValue.BoolValue b && b.value();
    }

    @Override
    public final void check(ConfigSite site, ConfigValue value, String pointer, Problems problems) {
        // A Bool has nothing beyond its type to check.
    }

    @Override
    public final Map<String, Long> consumption(ConfigSite site, ConfigValue value) {
        return Map.of();
    }

    @Override
    public final Expansion expand(ConfigSite site, Optional<ConfigValue> value) {
        List<String> next = site.targets("out");
        return isOn(value) ? expandOn(site, next) : Expansion.Fixed.passThrough(site.id(), next);
    }

    /** The unit's hardware nodes between the C-node's inputs and {@code next}, the {@code out} targets. */
    abstract Expansion expandOn(ConfigSite site, List<String> next);
}
