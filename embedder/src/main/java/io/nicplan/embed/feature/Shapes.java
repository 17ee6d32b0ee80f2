package io.nicplan.embed.feature;

import io.nicplan.graph.ConfigSpec;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigType;

/** Sizes read off a C-node's declared type, shared by the features. */
final class Shapes {
    private Shapes() {
    }

    /** The upper bound of a list-typed C-node, else the named resource, else 0: what the optimizer may fill. */
    static int listCapacity(Node node, DataflowGraph prg, String resource) {
        ConfigSpec spec = node.config().orElseThrow();
        if (spec.type() instanceof ConfigType.ListType list) {
            return list.max();
        }
        return (int) Math.min(Integer.MAX_VALUE, prg.resource(resource).map(Resource::capacity).orElse(0L));
    }

    /** A steering table's capacity: the C-node's list bound (from the description's resources). */
    static int tableCapacity(Node node) {
        ConfigType t = node.config().orElseThrow().type();
        return t instanceof ConfigType.ListType list ? Math.max(1, list.max()) : Integer.MAX_VALUE;
    }
}
