package io.nicplan.service.nic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.EdgeKind;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.Resource;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;

/** A dataflow graph as Graphviz DOT (JGraphT's exporter) or as JSON (nodes with ports, edges, resources). */
final class GraphExport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GraphExport() {
    }

    static String dot(DataflowGraph g) {
        DOTExporter<String, Edge> exporter = new DOTExporter<>(GraphExport::dotId);
        exporter.setGraphIdProvider(() -> dotId(g.name()));
        exporter.setVertexAttributeProvider(id -> {
            Node n = g.require(id);
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("label", DefaultAttribute.createAttribute(id + (n.kind() == NodeKind.NODE ? "" : "\n" + n.kind().keyword())));
            a.put("shape", DefaultAttribute.createAttribute(shape(n.kind())));
            if (n.isSoftware()) {
                a.put("style", DefaultAttribute.createAttribute("filled"));
                a.put("fillcolor", DefaultAttribute.createAttribute("lightgrey"));
            }
            return a;
        });
        exporter.setEdgeAttributeProvider(e -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("label", DefaultAttribute.createAttribute(e.label()));
            if (e.kind() == EdgeKind.SPAWN) {
                a.put("style", DefaultAttribute.createAttribute("dashed"));
            }
            return a;
        });
        StringWriter out = new StringWriter();
        exporter.exportGraph(g.topology(), out);
        return out.toString();
    }

    static String json(DataflowGraph g) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", g.name());
        ArrayNode nodes = root.putArray("nodes");
        for (Node n : g.nodes()) {
            ObjectNode o = nodes.addObject();
            o.put("id", n.id());
            o.put("kind", n.kind().keyword());
            ArrayNode ports = o.putArray("ports");
            for (Port p : n.ports()) {
                ObjectNode po = ports.addObject();
                po.put("name", p.name());
                if (p.hasPredicate()) {
                    po.put("predicate", p.predicate().toString());
                }
            }
            if (!n.attributes().isEmpty()) {
                ArrayNode attrs = o.putArray("attributes");
                n.attributes().asStrings().forEach(attrs::add);
            }
            n.implementation().ifPresent(i -> o.put("implementation", i));
            n.cycles().ifPresent(c -> o.put("cycles", c));
            n.config().ifPresent(c -> {
                ObjectNode co = o.putObject("config");
                co.put("type", c.type().toString());
                co.put("function", c.function());
                ArrayNode uses = co.putArray("uses");
                c.resources().forEach(uses::add);
            });
        }
        ArrayNode edges = root.putArray("edges");
        for (Node n : g.nodes()) {
            for (Edge e : g.outgoing(n.id())) {
                ObjectNode o = edges.addObject();
                o.put("source", e.source());
                o.put(e.kind() == EdgeKind.SPAWN ? "spawn" : "port", e.label());
                o.put("target", e.target());
            }
        }
        ObjectNode resources = root.putObject("resources");
        for (Resource r : g.resources().values()) {
            resources.put(r.name(), r.capacity());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write graph JSON", e);
        }
    }

    private static String shape(NodeKind kind) {
        switch (kind) {
            case BOOLEAN:
                return "diamond";
            case CONFIG:
                return "hexagon";
            case AND:
            case OR:
            case NAND:
            case NOR:
                return "ellipse";
            default:
                return "box";
        }
    }

    /** Node ids contain dots, which DOT allows only in quoted ids. */
    private static String dotId(String id) {
        return "\"" + id.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
