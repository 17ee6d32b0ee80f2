package io.nicplan.embed.expand;

import io.nicplan.embed.json.JsonPointer;
import io.nicplan.embed.json.Problems;
import io.nicplan.graph.Edge;
import io.nicplan.graph.Port;
import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code queues}: which receive queues are enabled. A queue not listed has the edge from its
 * {@code Valid} node to its receive node replaced by one to the description's drop sink: packets
 * steered there are lost, as on a NIC whose ring is disabled.
 */
public final class QueuesFunction implements ConfigFunction {
    @Override
    public String name() {
        return "queues";
    }

    @Override
    public void check(ConfigSite site, ConfigValue value, String pointer, Problems problems) {
        List<ConfigValue> queues = ((ConfigValue.ListValue) value).elements();
        Map<Long, Integer> seen = new HashMap<>();
        for (int i = 0; i < queues.size(); i++) {
            long q = ((ConfigValue.IntValue) queues.get(i)).value();
            String p = JsonPointer.child(pointer, i);
            if (site.layout().rxNode((int) q).isEmpty()) {
                problems.add(p, "the NIC has no receive queue " + q + " (it has " + site.layout().queueCount() + ")");
            }
            Integer before = seen.putIfAbsent(q, i);
            if (before != null) {
                problems.add(p, "queue " + q + " is listed twice (also at " + JsonPointer.child(pointer, before) + ")");
            }
        }
    }

    @Override
    public Map<String, Long> consumption(ConfigSite site, ConfigValue value) {
        return Map.of(Resource.RX_QUEUES, (long) ((ConfigValue.ListValue) value).elements().size());
    }

    @Override
    public Expansion expand(ConfigSite site, Optional<ConfigValue> value) {
        if (value.isEmpty()) {
            return Expansion.Fixed.passThrough(site.id(), List.of());
        }
        Set<Integer> enabled = new HashSet<>();
        ((ConfigValue.ListValue) value.get()).elements().forEach(v -> enabled.add((int) ((ConfigValue.IntValue) v).value()));
        List<Edge> removed = new ArrayList<>();
        List<Edge> added = new ArrayList<>();
        QueueLayout layout = site.layout();
        for (int q : layout.queues()) {
            if (enabled.contains(q)) {
                continue;
            }
            Optional<String> valid = layout.validNode(q);
            Optional<String> rx = layout.rxNode(q);
            if (valid.isPresent() && rx.isPresent()) {
                removed.add(Edge.port(valid.get(), Port.TRUE, rx.get()));
                layout.dropNode().ifPresent(d -> added.add(Edge.port(valid.get(), Port.TRUE, d)));
            }
        }
        return new Expansion.Fixed(site.id(), List.of(), added, List.of(), removed);
    }

    @Override
    public String unconfigured() {
        return "every queue enabled";
    }
}
