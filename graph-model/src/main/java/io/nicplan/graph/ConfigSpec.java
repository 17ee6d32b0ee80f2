package io.nicplan.graph;

import io.nicplan.graph.config.ConfigType;
import java.util.List;
import java.util.Objects;

/**
 * What makes a node a C-node: the type of its value, the name of the configuration function
 * that expands it, and the resources that function consumes.
 */
public record ConfigSpec(ConfigType type, String function, List<String> resources) {
    public ConfigSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(function, "function");
        resources = List.copyOf(resources);
    }
}
