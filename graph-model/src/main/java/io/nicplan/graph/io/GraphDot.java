package io.nicplan.graph.io;

import io.nicplan.graph.Attributes;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.EdgeKind;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.predicate.PredicateText;
import java.io.StringWriter;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;

/**
 * Draws a {@link DataflowGraph} in Graphviz DOT with JGraphT's {@link DOTExporter}.
 *
 * <p>Styling: hardware F-nodes are boxes, software F-nodes filled light blue ellipses; O-nodes are
 * diamonds labelled with their operator, C-nodes 3-D boxes labelled with their configuration function
 * (both filled light blue when in software); sources and sinks get a double border. Edges are labelled
 * with their port; a port predicate is shown in the label when short and always in the tooltip; spawn
 * edges are dashed.
 */
public final class GraphDot {
    /** Predicates longer than this go only into the tooltip. */
    static final int LABEL_PREDICATE_LIMIT = 40;
    private static final String SOFTWARE_FILL = "lightblue";

    private GraphDot() {
    }

    public static String export(DataflowGraph graph) {
        StringWriter out = new StringWriter();
        export(graph, out);
        return out.toString();
    }

    /**
     * Writes the graph to {@code out} as it is drawn, node by node and edge by edge, so a caller can
     * bound (or stop) the rendering of a large graph by the writer it passes.
     */
    public static void export(DataflowGraph graph, Writer out) {
        DOTExporter<String, Edge> exporter = new DOTExporter<>(GraphDot::quote);
        exporter.setGraphIdProvider(() -> quote(graph.name()));
        exporter.setGraphAttributeProvider(() -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            // JGraphT writes graph attributes unquoted, so quote the name here
            a.put("label", DefaultAttribute.createAttribute(quote(graph.name())));
            return a;
        });
        exporter.setVertexAttributeProvider(id -> nodeStyle(graph.require(id)));
        exporter.setEdgeAttributeProvider(e -> edgeStyle(graph, e));
        exporter.exportGraph(graph.topology(), out);
    }

    private static Map<String, Attribute> nodeStyle(Node n) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        StringBuilder label = new StringBuilder();
        String shape;
        NodeKind kind = n.kind();
        if (kind.isOperator()) {
            shape = "diamond";
            label.append(kind.keyword().toUpperCase(Locale.ROOT)).append("\\n").append(text(n.id()));
        } else if (kind == NodeKind.CONFIG) {
            shape = "box3d";
            label.append(text(n.id()));
            n.config().ifPresent(c -> label.append("\\nconfig: ").append(text(c.function())));
        } else {
            shape = n.isSoftware() ? "ellipse" : "box";
            label.append(text(n.id()));
            if (kind == NodeKind.BOOLEAN) {
                label.append(" ?");
            }
        }
        if (n.isSoftware()) {
            n.cycles().ifPresent(c -> label.append("\\n").append(c).append(" cycles"));
        }
        a.put("label", DefaultAttribute.createAttribute(label.toString()));
        a.put("shape", DefaultAttribute.createAttribute(shape));
        if (n.isSoftware()) {
            a.put("style", DefaultAttribute.createAttribute("filled"));
            a.put("fillcolor", DefaultAttribute.createAttribute(SOFTWARE_FILL));
        }
        Attributes attrs = n.attributes();
        if (attrs.has(Attributes.SOURCE) || attrs.has(Attributes.SINK)) {
            a.put("peripheries", DefaultAttribute.createAttribute(2));
        }
        StringBuilder tooltip = new StringBuilder(kind.keyword()).append(' ').append(text(n.id()));
        if (!attrs.isEmpty()) {
            tooltip.append(" [").append(text(String.join(", ", attrs.asStrings()))).append(']');
        }
        n.implementation().ifPresent(i -> tooltip.append(" impl ").append(text(i)));
        a.put("tooltip", DefaultAttribute.createAttribute(tooltip.toString()));
        return a;
    }

    private static Map<String, Attribute> edgeStyle(DataflowGraph graph, Edge e) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        StringBuilder label = new StringBuilder(text(e.label()));
        if (e.kind() == EdgeKind.SPAWN) {
            a.put("style", DefaultAttribute.createAttribute("dashed"));
            a.put("tooltip", DefaultAttribute.createAttribute("spawn " + text(e.label())));
        } else {
            Optional<Port> port = graph.node(e.source()).flatMap(n -> n.port(e.label()));
            if (port.isPresent() && port.get().hasPredicate()) {
                String predicate = text(PredicateText.format(port.get().predicate()));
                if (predicate.length() <= LABEL_PREDICATE_LIMIT) {
                    label.append("\\n[").append(predicate).append(']');
                }
                a.put("tooltip", DefaultAttribute.createAttribute(predicate));
            }
        }
        a.put("label", DefaultAttribute.createAttribute(label.toString()));
        return a;
    }

    /** A DOT identifier: the text in double quotes, with quotes and backslashes escaped. */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Text for a quoted attribute value: backslashes escaped (the exporter escapes only quotes). */
    private static String text(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
