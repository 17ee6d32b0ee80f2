package io.nicplan.graph.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GraphJsonTest {

    @Test
    void roundTripReproducesTheGraphExactly() {
        DataflowGraph g = SampleGraphs.everyConstruct();
        String json = GraphJson.export(g);
        DataflowGraph back = GraphJson.importGraph(json);
        assertThat(back).isEqualTo(g);
        // order is kept too: nodes, ports, and a second export is identical text
        assertThat(back.nodes().stream().map(Node::id).toList()).isEqualTo(g.nodes().stream().map(Node::id).toList());
        assertThat(back.require("L4.Classify").ports()).isEqualTo(g.require("L4.Classify").ports());
        assertThat(GraphJson.export(back)).isEqualTo(json);
    }

    @Test
    void theStreamedCompactDocumentReadsBackToTheSameGraphAndDocument() {
        DataflowGraph g = SampleGraphs.everyConstruct();
        java.io.StringWriter out = new java.io.StringWriter();
        GraphJson.export(g, out);
        DataflowGraph back = GraphJson.importGraph(out.toString());
        assertThat(back).isEqualTo(g);
        assertThat(out.toString()).doesNotContain("\n");
        assertThat(GraphJson.export(back)).isEqualTo(GraphJson.export(g));
    }

    /** The service bounds a rendering by a writer that throws past its limit: that exception, not a wrapper, arrives. */
    @Test
    void whatTheWriterThrowsToStopTheRenderingReachesTheCaller() {
        class Full extends IllegalStateException {
        }
        java.io.Writer bounded = new java.io.StringWriter() {
            @Override
            public void write(char[] buffer, int offset, int length) {
                if (getBuffer().length() + length > 1_000) {
                    throw new Full();
                }
                super.write(buffer, offset, length);
            }
        };
        // large enough that the generator's buffer fills, and the writer throws, while the nodes are serialized
        var builder = DataflowGraph.builder("Large");
        for (int i = 0; i < 2_000; i++) {
            builder.addNode(Node.of("N" + i, NodeKind.NODE, List.of()));
        }
        DataflowGraph large = builder.build();
        assertThatThrownBy(() -> GraphJson.export(large, bounded)).isExactlyInstanceOf(Full.class);
    }

    @Test
    void documentIsJGraphTJsonInsideTheEnvelope() {
        String json = GraphJson.export(SampleGraphs.everyConstruct());
        assertThat(json).contains("\"format\" : \"nicplan-graph\"", "\"creator\" : \"JGraphT JSON Exporter\"",
                "\"rx_queues\" : 2", "\"kind\" : \"spawn\"", "\"cycles\" : 5000000000");
    }

    /**
     * The records replaced JGraphT's {@code JSONExporter} as the writer of the {@code graph} member; the served
     * text must not change. JGraphT's exporter, given the attributes it was given before, is the reference,
     * with the characters its escaping treats apart from Jackson's: a slash, non-ASCII, a surrogate pair,
     * control characters and quotes, in ids, labels, names and the JSON text of ports and attributes.
     */
    @Test
    void theCompactDocumentIsTheTextJGraphTsExporterWrote() {
        String odd = "a/b \u00e9 \"q\" \\ \t\u0001 \ud83d\ude00 <&>";
        DataflowGraph oddGraph = DataflowGraph.builder("Odd " + odd)
                .addNode(new Node("N/1" + odd, NodeKind.NODE, List.of(new Port("p/" + odd, Predicate.TRUE)),
                        io.nicplan.graph.Attributes.NONE, java.util.Optional.of("impl/" + odd),
                        java.util.OptionalLong.of(7), java.util.Optional.empty()))
                .addNode(Node.of("M", NodeKind.NODE, List.of()))
                .addEdge(new io.nicplan.graph.Edge("N/1" + odd, "p/" + odd, "M", io.nicplan.graph.EdgeKind.PORT))
                .build();
        for (DataflowGraph g : List.of(SampleGraphs.everyConstruct(), oddGraph)) {
            java.io.StringWriter out = new java.io.StringWriter();
            GraphJson.export(g, out);
            String records = out.toString();
            String graphMember = records.substring(records.indexOf(",\"graph\":") + ",\"graph\":".length(),
                    records.length() - 1);
            assertThat(graphMember).isEqualTo(jgraphtExport(g));
            assertThat(GraphJson.importGraph(records)).isEqualTo(g);
        }
    }

    /** The {@code graph} member as JGraphT 1.5.3's exporter writes it, with the attributes GraphJson gave it. */
    private static String jgraphtExport(DataflowGraph g) {
        var exporter = new org.jgrapht.nio.json.JSONExporter<String, io.nicplan.graph.Edge>(id -> id);
        exporter.setVertexAttributeProvider(id -> {
            Node n = g.require(id);
            java.util.Map<String, org.jgrapht.nio.Attribute> a = new java.util.LinkedHashMap<>();
            a.put("kind", org.jgrapht.nio.DefaultAttribute.createAttribute(n.kind().keyword()));
            a.put("ports", org.jgrapht.nio.DefaultAttribute.createAttribute(JsonCodec.ports(n.ports()).toString()));
            if (!n.attributes().isEmpty()) {
                a.put("attributes", org.jgrapht.nio.DefaultAttribute.createAttribute(
                        JsonCodec.attributes(n.attributes()).toString()));
            }
            n.implementation().ifPresent(i -> a.put("implementation", org.jgrapht.nio.DefaultAttribute.createAttribute(i)));
            n.cycles().ifPresent(c -> a.put("cycles", org.jgrapht.nio.DefaultAttribute.createAttribute(c)));
            n.config().ifPresent(c -> a.put("config", org.jgrapht.nio.DefaultAttribute.createAttribute(
                    JsonCodec.config(c).toString())));
            return a;
        });
        exporter.setEdgeAttributeProvider(e -> {
            java.util.Map<String, org.jgrapht.nio.Attribute> a = new java.util.LinkedHashMap<>();
            a.put("label", org.jgrapht.nio.DefaultAttribute.createAttribute(e.label()));
            a.put("kind", org.jgrapht.nio.DefaultAttribute.createAttribute(e.kind().name().toLowerCase(java.util.Locale.ROOT)));
            return a;
        });
        java.io.StringWriter out = new java.io.StringWriter();
        exporter.exportGraph(g.topology(), out);
        return out.toString();
    }

    @Test
    void everyPredicateFormSurvivesTheRoundTrip() {
        Random rnd = new Random(41);
        List<Port> ports = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ports.add(new Port("p" + i, randomPredicate(rnd, 3)));
        }
        DataflowGraph g = DataflowGraph.builder("Predicates").addNode(Node.of("N", NodeKind.NODE, ports)).build();
        assertThat(GraphJson.importGraph(GraphJson.export(g))).isEqualTo(g);
    }

    @Test
    void nestedJsonIsAcceptedWhereExportWritesJsonText() {
        String json = """
                {"format": "nicplan-graph", "version": 1, "name": "Hand", "graph": {
                  "nodes": [
                    {"id": "A", "kind": "boolean",
                     "ports": [{"name": "true", "predicate": {"field": "ip.proto", "value": 17, "mask": 255}},
                               {"name": "false", "predicate": {"not": {"field": "ip.proto", "in": [17]}}}],
                     "attributes": {"flags": ["source"]}},
                    {"id": "B", "kind": "node"}],
                  "edges": [{"source": "A", "target": "B", "label": "true", "kind": "port"}]}}
                """;
        DataflowGraph g = GraphJson.importGraph(json);
        assertThat(g.require("A").port("true").orElseThrow().predicate()).isEqualTo(Predicate.eq(HeaderField.IP_PROTO, 17));
        assertThat(g.require("A").attributes().has("source")).isTrue();
        assertThat(g.targets("A", "true")).containsExactly("B");
    }

    @Test
    void badDocumentsAreRejectedWithWhereAndWhy() {
        rejects("{", "not valid JSON at line 1");
        rejects("[1, 2]", "expected a JSON object");
        rejects("{\"format\": \"nicplan-graph\", \"version\": 1, \"name\": \"G\", \"graph\": {\"nodes\": []}}",
                "/graph/edges: expected an array, got nothing");
        rejects("{\"format\": \"other\", \"version\": 1, \"name\": \"G\", \"graph\": {}}", "/format");
        rejects("{\"format\": \"nicplan-graph\", \"version\": 2, \"name\": \"G\", \"graph\": {\"nodes\": [], \"edges\": []}}",
                "/version: unsupported version 2");
        rejects("{\"format\": \"nicplan-graph\", \"version\": 1, \"graph\": {}}", "missing 'name'");
        rejects("{\"format\": \"nicplan-graph\", \"version\": 1, \"name\": \"G\", \"resources\": {\"q\": -1}, "
                + "\"graph\": {\"nodes\": [], \"edges\": []}}", "/resources/q: capacity -1 is negative");
        rejects(doc("{\"kind\": \"node\"}"), "/graph/nodes/0/id: expected a string, got nothing");
        rejects(doc("{\"id\": 5, \"kind\": \"node\"}"), "/graph/nodes/0/id: expected a string");
        rejects(doc("{\"id\": \"A\"}"), "/graph/nodes/0 (node 'A'): missing attribute 'kind'");
        rejects(doc("{\"id\": \"A\", \"kind\": \"gate\"}"), "/graph/nodes/0 (node 'A')/kind: unknown node kind 'gate'");
        rejects(doc("{\"id\": \"A\", \"kind\": \"node\", \"colour\": \"red\"}"), "(node 'A'): unknown attribute 'colour'");
        rejects(doc("{\"id\": \"A\", \"kind\": \"node\", \"ports\": \"[{\\\"name\\\": 3}]\"}"),
                "(node 'A')/ports/0/name: expected a string, got number 3");
        rejects(doc("{\"id\": \"A\", \"kind\": \"node\", \"ports\": \"[oops\"}"), "(node 'A')/ports: not valid JSON");
        rejects(doc("{\"id\": \"A\", \"kind\": \"node\", \"ports\": [{\"name\": \"p\", \"predicate\": {\"field\": \"ip.foo\", \"in\": [1]}}]}"),
                "(node 'A')/ports/0/predicate/field: unknown header field 'ip.foo'");
        rejects(doc("{\"id\": \"A\", \"kind\": \"node\", \"ports\": [{\"name\": \"p\", \"predicate\": {\"field\": \"ip.proto\", \"value\": 1, \"mask\": 4095}}]}"),
                "(node 'A')/ports/0/predicate: mask 0xfff wider than ip.proto (8 bits)");
        rejects(doc("{\"id\": \"A\", \"kind\": \"node\", \"ports\": [{\"name\": \"p\", \"predicate\": {\"field\": \"ip.proto\", \"lo\": 9}}]}"),
                "(node 'A')/ports/0/predicate: missing 'hi'");
        rejects(doc("{\"id\": \"A\", \"kind\": \"node\", \"ports\": [{\"name\": \"p\", \"predicate\": {\"or\": [1]}}]}"),
                "(node 'A')/ports/0/predicate/or/0: a predicate is true, false or an object, not number");
        rejects(doc("{\"id\": \"A\", \"kind\": \"config\"}"), "(node 'A'): a config node needs attribute 'config'");
        rejects(doc("{\"id\": \"A\", \"kind\": \"node\", \"config\": {\"type\": {\"kind\": \"bool\"}, \"function\": \"f\"}}"),
                "(node 'A'): only config nodes have attribute 'config'");
        rejects(doc("{\"id\": \"A\", \"kind\": \"config\", \"config\": {\"type\": {\"kind\": \"uint\", \"bits\": 99}, \"function\": \"f\"}}"),
                "(node 'A')/config/type: UInt width 99 not in 1..63");
        rejects(doc("{\"id\": \"A\", \"kind\": \"config\", \"config\": {\"type\": {\"kind\": \"set\"}, \"function\": \"f\"}}"),
                "(node 'A')/config/type/kind: unknown config type kind 'set'");
        rejects(doc("{\"id\": \"A\", \"kind\": \"node\", \"cycles\": \"many\"}"), "(node 'A')/cycles: expected an integer");
        rejects(doc("{\"id\": \"A\", \"kind\": \"node\"}, {\"id\": \"A\", \"kind\": \"node\"}"), "/graph: ");
        rejects(doc("{\"id\": \"A\", \"kind\": \"node\", \"ports\": [{\"name\": \"out\"}]}",
                "{\"source\": \"A\", \"target\": \"Nowhere\", \"label\": \"out\", \"kind\": \"port\"}"), "Nowhere");
        rejects(doc("{\"id\": \"A\", \"kind\": \"node\"}", "{\"source\": \"A\", \"target\": \"A\", \"label\": \"out\", \"kind\": \"port\"}"),
                "node 'A' has no port 'out'");
        rejects(doc("{\"id\": \"A\", \"kind\": \"node\"}", "{\"source\": \"A\", \"target\": \"A\", \"label\": \"x\", \"kind\": \"wire\"}"),
                "/graph/edges/0 (A -> A)/kind: unknown edge kind 'wire'");
        rejects(doc("{\"id\": \"A\", \"kind\": \"node\"}", "{\"target\": \"A\", \"label\": \"x\", \"kind\": \"spawn\"}"),
                "/graph/edges/0/source: expected a string, got nothing");
    }

    @Test
    void mutatedDocumentsEitherReadOrFailWithAFormatError() {
        String json = GraphJson.export(SampleGraphs.everyConstruct());
        String[] replacements = {"", "0", "-1", "null", "true", "[]", "{}", "\"x\"", "\"\\\"\"", "1e99", "\"ip.foo\"", ",", "}", "]"};
        Random rnd = new Random(43);
        int rejected = 0;
        for (int i = 0; i < 1500; i++) {
            StringBuilder doc = new StringBuilder(json);
            int edits = 1 + rnd.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = rnd.nextInt(doc.length());
                int len = Math.min(doc.length() - at, rnd.nextInt(12));
                doc.replace(at, at + len, replacements[rnd.nextInt(replacements.length)]);
            }
            try {
                GraphJson.importGraph(doc.toString());
            } catch (GraphFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(1000);
    }

    private static String doc(String nodes) {
        return doc(nodes, "");
    }

    private static String doc(String nodes, String edges) {
        return "{\"format\": \"nicplan-graph\", \"version\": 1, \"name\": \"G\", \"graph\": {\"nodes\": [" + nodes
                + "], \"edges\": [" + edges + "]}}";
    }

    private static void rejects(String json, String messagePart) {
        assertThatThrownBy(() -> GraphJson.importGraph(json)).isInstanceOf(GraphFormatException.class).hasMessageContaining(messagePart);
    }

    private static Predicate randomPredicate(Random rnd, int depth) {
        HeaderField[] fields = {HeaderField.IP_SRC, HeaderField.L4_DPORT, HeaderField.ETH_DST, HeaderField.IP_CSUM_OK};
        HeaderField f = fields[rnd.nextInt(fields.length)];
        int pick = depth == 0 ? rnd.nextInt(5) : rnd.nextInt(9);
        switch (pick) {
            case 0:
                return Predicate.eq(f, rnd.nextLong() & f.fullMask());
            case 1: {
                long mask = rnd.nextLong() & f.fullMask();
                return Predicate.masked(f, rnd.nextLong() & mask, mask);
            }
            case 2: {
                long a = rnd.nextLong() & f.fullMask();
                long b = rnd.nextLong() & f.fullMask();
                return Predicate.range(f, Math.min(a, b), Math.max(a, b));
            }
            case 3: {
                TreeSet<Long> vs = new TreeSet<>();
                int n = rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    vs.add(rnd.nextLong() & f.fullMask());
                }
                return new Predicate.InSet(f, vs);
            }
            case 4:
                return rnd.nextBoolean() ? Predicate.TRUE : Predicate.FALSE;
            case 5:
                return new Predicate.Not(randomPredicate(rnd, depth - 1));
            default: {
                List<Predicate> terms = new ArrayList<>();
                int n = rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    terms.add(randomPredicate(rnd, depth - 1));
                }
                return pick % 2 == 0 ? new Predicate.And(terms) : new Predicate.Or(terms);
            }
        }
    }
}
