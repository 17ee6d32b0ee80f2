package io.nicplan.unicorn.parse;

import io.nicplan.graph.DataflowGraph;
import io.nicplan.unicorn.source.Diagnostic;
import io.nicplan.unicorn.source.SourceLocation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What parsing a Unicorn source produced.
 *
 * @param graph the graph, present exactly when there are no errors (warnings allowed)
 * @param diagnostics every error and warning, in the order found
 * @param nodeLocations where each node of the graph is declared
 * @param parameters the value every {@code param} took (its default or an override), in declaration order
 */
public record ParseResult(Optional<DataflowGraph> graph, List<Diagnostic> diagnostics,
                          Map<String, SourceLocation> nodeLocations, Map<String, Long> parameters) {

    public ParseResult {
        Objects.requireNonNull(graph, "graph");
        diagnostics = List.copyOf(diagnostics);
        nodeLocations = Collections.unmodifiableMap(nodeLocations);
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }

    /** Every diagnostic rendered with its source line and caret, separated by newlines. */
    public String render() {
        return diagnostics.stream().map(Diagnostic::render).collect(Collectors.joining("\n"));
    }

    /**
     * The graph, for callers that treat a broken description as a bug (shipped descriptions).
     *
     * @throws UnicornException carrying every diagnostic when there are errors
     */
    public DataflowGraph orElseThrow() {
        return graph.orElseThrow(() -> new UnicornException(diagnostics));
    }
}
