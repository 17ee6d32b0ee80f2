package io.nicplan.embed.embedding;

import io.nicplan.embed.reach.Reachability;
import io.nicplan.graph.Attributes;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.Node;
import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The adjacency questions every queue's analysis asks of the LPG, answered once per embedding:
 * {@link DataflowGraph#packetInputs} and {@link DataflowGraph#targets} build their lists from
 * the JGraphT view on each call, and an LPG with 1,000 endpoints asks them tens of thousands of
 * times per queue (the no-endpoint node alone has one input per endpoint). Same lists, same order.
 */
final class LpgIndex {
    private final DataflowGraph lpg;
    private final Map<String, List<Edge>> inputs = new HashMap<>();
    private final Map<String, Map<String, List<String>>> targets = new HashMap<>();
    private final List<String> receiveTopology;
    private final List<String> receiveOrder;

    LpgIndex(DataflowGraph lpg, Reachability reach, List<String> topology, List<String> order) {
        this.lpg = lpg;
        this.receiveTopology = onReceivePath(lpg, reach, topology);
        this.receiveOrder = onReceivePath(lpg, reach, order);
    }

    /** The ids of {@code ids} on the receive path: not transmit-side, and reachable in the LPG at all. */
    private static List<String> onReceivePath(DataflowGraph lpg, Reachability reach, List<String> ids) {
        List<String> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            if (!lpg.require(id).attributes().has(Attributes.TRANSMIT) && !(reach.reach(id) instanceof Predicate.False)) {
                out.add(id);
            }
        }
        return Collections.unmodifiableList(out);
    }

    DataflowGraph graph() {
        return lpg;
    }

    Node require(String id) {
        return lpg.require(id);
    }

    /** Receive-path nodes in topological order. */
    List<String> receiveTopology() {
        return receiveTopology;
    }

    /** Receive-path nodes in the processing order of the options. */
    List<String> receiveOrder() {
        return receiveOrder;
    }

    /** {@link DataflowGraph#packetInputs}, remembered. */
    List<Edge> packetInputs(String id) {
        List<Edge> known = inputs.get(id);
        if (known == null) {
            known = List.copyOf(lpg.packetInputs(id));
            inputs.put(id, known);
        }
        return known;
    }

    /** {@link DataflowGraph#targets}, remembered. */
    List<String> targets(String id, String port) {
        Map<String, List<String>> byPort = targets.computeIfAbsent(id, k -> new HashMap<>());
        List<String> known = byPort.get(port);
        if (known == null) {
            known = List.copyOf(lpg.targets(id, port));
            byPort.put(port, known);
        }
        return known;
    }
}
