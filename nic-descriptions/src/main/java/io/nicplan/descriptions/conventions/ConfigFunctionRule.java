package io.nicplan.descriptions.conventions;

import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a description must follow for a C-node with one configuration function: its exact value
 * type, the resources the type's bounds come from, and its ports. The documented functions are
 * {@link ConfigFunction}'s constants; a NIC feature defined elsewhere (the embedder's
 * {@code NicFeature}) hands its rule to {@link PrgConventions#check(DataflowGraph, Map)}, so the
 * descriptions need not know the features.
 */
public interface ConfigFunctionRule {
    /** The name written after {@code function} in Unicorn. */
    String functionName();

    /** The resources whose capacities bound the value type. */
    List<String> resources();

    /** The ports a C-node with this function declares, in the documented order. */
    List<String> ports();

    /** Ports whose i-th target must be queue i's {@code Valid} node. */
    default boolean hasQueuePort() {
        return ports().contains("queues");
    }

    /** The resource that counts the queues the {@code queues} port reaches. */
    default String queuePortResource() {
        return Resource.RX_QUEUES;
    }

    /**
     * The exact type a C-node with this function has in a graph with these resources; empty
     * when a resource the type needs is missing or too large for a list bound.
     */
    Optional<ConfigType> expectedType(Map<String, Resource> declared);

    /**
     * Another exact type a C-node with this function may have instead (the default: none). {@code fivetuple}'s is the
     * list without {@code priority}, for a table whose precedence the hardware fixes; {@code fdir}'s and
     * {@code ma_table}'s add {@code src_ip6}/{@code dst_ip6}, for filters that take IPv6 (docs/nic-descriptions.md).
     */
    default Optional<ConfigType> alternativeType(Map<String, Resource> declared) {
        return Optional.empty();
    }

    /**
     * Every other exact type a C-node with this function may have: {@link #alternativeType}, and for {@code rss} the
     * type that adds the {@code _ex} hash names.
     */
    default java.util.List<ConfigType> alternativeTypes(Map<String, Resource> declared) {
        return alternativeType(declared).stream().toList();
    }
}
