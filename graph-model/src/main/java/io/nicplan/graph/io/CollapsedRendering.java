package io.nicplan.graph.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nicplan.graph.EdgeKind;
import java.util.Locale;

/** DOT and JSON of a {@link CollapsedGraph}. */
final class CollapsedRendering {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CollapsedRendering() {
    }

    /**
     * Left to right, because a NIC's receive path is a long chain with a wide fan-out at the queues: top
     * to bottom puts the fan-out side by side across the page. Shapes follow {@link GraphDot}; a folded
     * group gets a bold border and its member count, and edge labels are the port alone (predicates are
     * in the full drawing), at the tail of a folded edge and left out for {@code out}.
     */
    static String dot(CollapsedGraph c) {
        StringBuilder sb = new StringBuilder();
        sb.append("digraph ").append(quote(c.name())).append(" {\n");
        sb.append("  label=").append(quote(c.name())).append(";\n");
        sb.append("  rankdir=LR; ranksep=0.25; nodesep=0.12;\n");
        sb.append("  node [fontname=\"Helvetica\", fontsize=10, margin=\"0.06,0.03\", height=0.3];\n");
        sb.append("  edge [fontname=\"Helvetica\", fontsize=8, arrowsize=0.6, labeldistance=2.5, labelangle=-20];\n");
        for (CollapsedGraph.Group g : c.groups()) {
            String shape;
            StringBuilder label = new StringBuilder();
            if (g.kind().isOperator()) {
                shape = "diamond";
                label.append(g.kind().keyword().toUpperCase(Locale.ROOT)).append("\\n");
            } else if (g.function().isPresent()) {
                shape = "box3d";
            } else {
                shape = g.software() ? "ellipse" : "box";
            }
            label.append(text(g.id()));
            g.function().ifPresent(f -> label.append("\\n(").append(text(f)).append(')'));
            if (g.folded()) {
                label.append("\\n").append(g.members().size()).append(" nodes");
            }
            sb.append("  ").append(quote(g.id())).append(" [label=\"").append(label).append("\", shape=").append(shape);
            if (g.software()) {
                sb.append(", style=filled, fillcolor=lightblue");
            }
            if (g.folded()) {
                sb.append(", penwidth=2, tooltip=\"").append(text(g.template())).append(": ")
                        .append(g.members().size()).append(" alike nodes\"");
            }
            sb.append("];\n");
        }
        for (CollapsedGraph.GroupEdge e : c.edges()) {
            sb.append("  ").append(quote(e.source())).append(" -> ").append(quote(e.target())).append(" [");
            if (e.count() > 1) {
                // A folded edge's label sits at its tail: a mid-edge label is a virtual node that widens
                // every rank the long edge crosses (the 82599's fan-out to the queues cost 500 pt).
                sb.append("taillabel=\"").append(text(e.label())).append(" \u00d7").append(e.count()).append('"');
            } else if (!e.label().equals("out")) {
                sb.append("label=\"").append(text(e.label())).append('"');
            }
            // "out", a plain node's only port, says nothing: unlabelled.
            if (e.kind() == EdgeKind.SPAWN) {
                sb.append(sb.charAt(sb.length() - 1) == '[' ? "" : ", ").append("style=dashed");
            }
            sb.append("];\n");
        }
        return sb.append("}\n").toString();
    }

    static String json(CollapsedGraph c) {
        try {
            return JSON.writeValueAsString(CollapsedGraphDocument.of(c));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("records of strings, numbers and lists could not be written", ex);
        }
    }

    private static String quote(String s) {
        return "\"" + text(s) + "\"";
    }

    private static String text(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
