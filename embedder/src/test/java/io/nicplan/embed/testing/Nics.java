package io.nicplan.embed.testing;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.graph.DataflowGraph;

/** The shipped descriptions (parsed once per process by {@link Descriptions#graph}). */
public final class Nics {
    private Nics() {
    }

    public static DataflowGraph intel82599() {
        return Descriptions.graph("intel-82599");
    }

    public static DataflowGraph singleQueue() {
        return Descriptions.graph("single-queue");
    }

    public static DataflowGraph flexnic() {
        return Descriptions.graph("flexnic");
    }

    public static DataflowGraph lpg() {
        return Descriptions.graph(Descriptions.LPG);
    }
}
