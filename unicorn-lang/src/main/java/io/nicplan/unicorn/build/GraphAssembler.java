package io.nicplan.unicorn.build;

import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.GraphBuilder;
import io.nicplan.graph.InvalidGraphException;
import io.nicplan.graph.Resource;
import io.nicplan.graph.validate.GraphValidator;
import io.nicplan.graph.ValidationIssue;
import io.nicplan.unicorn.source.Diagnostic;
import io.nicplan.unicorn.report.Reporter;
import io.nicplan.unicorn.report.Suggestions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Second phase: resolves every target against the declared nodes (so references may point
 * forward), builds the graph, and runs the builder's and {@link GraphValidator}'s checks,
 * reporting each issue at the declaration of the node it concerns.
 */
final class GraphAssembler {
    private final GraphExpander expanded;
    private final Reporter reporter;
    private final Suggestions suggestions;

    GraphAssembler(GraphExpander expanded, Reporter reporter, Suggestions suggestions) {
        this.expanded = expanded;
        this.reporter = reporter;
        this.suggestions = suggestions;
    }

    /** The graph, when no error was found in any phase. */
    Optional<DataflowGraph> assemble() {
        Map<String, NodeDraft> nodes = expanded.nodes;
        GraphBuilder builder = DataflowGraph.builder(expanded.graphName);
        for (NodeDraft n : nodes.values()) {
            for (NodeDraft.PortDraft p : n.ports.values()) {
                for (Target t : p.targets) {
                    if (resolve(t)) {
                        builder.addEdge(Edge.port(n.id, p.name, t.id()));
                    }
                }
            }
            for (Map.Entry<String, List<Target>> spawn : n.spawns().entrySet()) {
                for (Target t : spawn.getValue()) {
                    if (resolve(t)) {
                        builder.addEdge(Edge.spawn(n.id, spawn.getKey(), t.id()));
                    }
                }
            }
            for (NodeDraft.Use use : n.uses()) {
                if (!expanded.resources.containsKey(use.resource())) {
                    String hint = suggestions.closest(use.resource(), expanded.resources.keySet())
                            .map(s -> "; did you mean '" + s + "'?").orElse("");
                    reporter.report(use.at().error(use.token(), "unknown resource '" + use.resource() + "'" + hint));
                }
            }
        }
        if (reporter.hasErrors()) {
            return Optional.empty();
        }
        for (NodeDraft n : nodes.values()) {
            builder.addNode(n.toNode());
        }
        for (GraphExpander.ResourceDecl r : expanded.resources.values()) {
            builder.addResource(new Resource(r.name(), r.capacity()));
        }
        DataflowGraph graph;
        try {
            // build() runs the builder's problems() and throws them all; asking first would do it twice.
            graph = builder.build();
        } catch (InvalidGraphException e) {
            e.issues().forEach(this::report);
            return Optional.empty();
        }
        GraphValidator.validate(graph).forEach(this::report);
        return reporter.hasErrors() ? Optional.empty() : Optional.of(graph);
    }

    private boolean resolve(Target t) {
        if (expanded.nodes.containsKey(t.id())) {
            return true;
        }
        String message = "unknown node '" + t.id() + "'";
        Optional<String> suggestion = suggest(t);
        if (suggestion.isPresent()) {
            String id = suggestion.get();
            String written = t.from().relativeSpelling(id);
            message += "; did you mean '" + id + "'" + (written.startsWith(".") ? " (written '" + written + "' here)" : "") + "?";
        }
        reporter.report(t.at().error(t.token(), message));
        return false;
    }

    /**
     * A likely intended node: the same path in an enclosing cluster (a forgotten leading dot),
     * else the closest id by edit distance.
     */
    private Optional<String> suggest(Target t) {
        String path = t.id();
        ClusterPath from = t.from();
        if (path.startsWith(from.prefix())) {
            String written = path.substring(from.prefix().length());
            for (int up = 1; up <= from.depth(); up++) {
                String candidate = from.climb(up).prefix() + written;
                if (expanded.nodes.containsKey(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return suggestions.closest(path, expanded.nodes.keySet());
    }

    /** Validator messages may list a whole component (a loop through 100,000 nodes); a diagnostic shows the start. */
    static final int MAX_MESSAGE = 400;

    private void report(ValidationIssue original) {
        ValidationIssue issue = original;
        if (issue.message().length() > MAX_MESSAGE) {
            String cut = issue.message().substring(0, MAX_MESSAGE);
            issue = new ValidationIssue(issue.severity(), issue.code(), issue.subject(),
                    cut.substring(0, Math.max(cut.lastIndexOf(' '), 1)) + " ... (" + issue.message().length() + " characters in all)");
        }
        Diagnostic.Severity severity = issue.isError() ? Diagnostic.Severity.ERROR : Diagnostic.Severity.WARNING;
        NodeDraft n = expanded.nodes.get(issue.subject());
        if (n != null) {
            reporter.report(n.at.source().diagnostic(severity, n.at.line(n.token), n.at.column(n.token), issue.message()));
            return;
        }
        GraphExpander.ResourceDecl r = expanded.resources.get(issue.subject());
        if (r != null) {
            reporter.report(r.at().source().diagnostic(severity, r.at().line(r.token()), r.at().column(r.token()), issue.message()));
            return;
        }
        reporter.report(expanded.graphAt.source().diagnostic(severity, expanded.graphAt.line(expanded.graphToken),
                expanded.graphAt.column(expanded.graphToken), issue.message()));
    }
}
