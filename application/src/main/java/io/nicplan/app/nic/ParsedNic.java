package io.nicplan.app.nic;

import io.nicplan.graph.DataflowGraph;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed description: the graph when there were no errors, every diagnostic (errors and warnings)
 * in the order found, and the value every {@code param} took.
 *
 * @param file the name diagnostics report, e.g. {@code builtin:intel-82599} or a path
 */
public record ParsedNic(String file, Optional<DataflowGraph> graph, List<NicDiagnostic> diagnostics,
                        Map<String, Long> parameters) {
    public ParsedNic {
        diagnostics = List.copyOf(diagnostics);
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** True when the description parsed (it may still have warnings). */
    public boolean ok() {
        return graph.isPresent();
    }

    public List<NicDiagnostic> errors() {
        return diagnostics.stream().filter(NicDiagnostic::isError).toList();
    }

    public List<NicDiagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }

    /** The summary of the graph, when it parsed. */
    public Optional<NicSummary> summary() {
        return graph.map(NicSummary::of);
    }
}
