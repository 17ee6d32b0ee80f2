package io.nicplan.service.nic;

import io.nicplan.graph.DataflowGraph;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of parsing a description: the graph when there were no errors, and every
 * diagnostic (errors and warnings) in source order.
 */
record ParsedDescription(Optional<DataflowGraph> graph, List<Diagnostic> diagnostics) {
    public ParsedDescription {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean ok() {
        return graph.isPresent();
    }
}
