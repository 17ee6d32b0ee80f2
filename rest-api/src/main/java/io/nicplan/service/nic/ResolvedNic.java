package io.nicplan.service.nic;

import io.nicplan.graph.DataflowGraph;

/** A description ready for planning or emulation: its id, name, source text and parsed graph. */
public record ResolvedNic(String id, String name, boolean builtin, String source, DataflowGraph graph) {
}
