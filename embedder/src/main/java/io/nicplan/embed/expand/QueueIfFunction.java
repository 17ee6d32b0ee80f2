package io.nicplan.embed.expand;

import io.nicplan.embed.json.Problems;
import io.nicplan.graph.Attributes;
import io.nicplan.graph.Edge;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.config.ConfigValue;
import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A function whose value is one optional queue: set to {@code q}, packets matching
 * {@link #matches} go to queue {@code q} and the rest to the C-node's {@code default} targets;
 * unset, everything goes to {@code default}. The SYN filter and virtio-net's unclassified queue.
 */
public abstract class QueueIfFunction implements ConfigFunction {
    /** The packets the configured queue receives, at {@code site} (whose other C-nodes' values it may read). */
    protected abstract Predicate matches(ConfigSite site);

    /** The expanded node's implementation name. */
    protected abstract String implementation();

    @Override
    public void check(ConfigSite site, ConfigValue value, String pointer, Problems problems) {
        if (value instanceof ConfigValue.IntValue q && site.queueTarget((int) q.value()).isEmpty()) {
            problems.add(pointer, "C-node " + site.id() + " reaches queues 0.." + (site.queueTargetCount() - 1)
                    + "; it cannot steer to queue " + q.value());
        }
    }

    @Override
    public Map<String, Long> consumption(ConfigSite site, ConfigValue value) {
        return Map.of();
    }

    @Override
    public Expansion expand(ConfigSite site, Optional<ConfigValue> value) {
        if (value.isEmpty() || !(value.get() instanceof ConfigValue.IntValue q)) {
            return Expansion.Fixed.passThrough(site.id(), site.defaultTargets());
        }
        Node node = new Node(site.id(), NodeKind.BOOLEAN, List.of(new Port(Port.TRUE, matches(site)), Port.of(Port.FALSE)),
                Attributes.NONE.with("queue=" + q.value()), Optional.of(implementation()), OptionalLong.empty(), Optional.empty());
        List<Edge> edges = new ArrayList<>();
        site.queueTarget((int) q.value()).ifPresent(t -> edges.add(Edge.port(site.id(), Port.TRUE, t)));
        site.defaultTargets().forEach(t -> edges.add(Edge.port(site.id(), Port.FALSE, t)));
        return new Expansion.Fixed(site.id(), List.of(node), edges, List.of(site.id()), List.of());
    }
}
