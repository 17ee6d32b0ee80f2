package io.nicplan.graph.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.JsonNode;
import io.nicplan.graph.Attributes;
import io.nicplan.graph.ConfigSpec;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.EdgeKind;
import io.nicplan.graph.GraphBuilder;
import io.nicplan.graph.InvalidGraphException;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.Resource;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.graph.DirectedPseudograph;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.AttributeType;
import org.jgrapht.nio.ImportException;
import org.jgrapht.nio.json.JSONImporter;

/**
 * Writes a {@link DataflowGraph} as JSON and reads it back, exactly ({@code importGraph(export(g)).equals(g)}).
 *
 * <p>The document is a {@link GraphDocument}, an envelope
 * {@code {"format": "nicplan-graph", "version": 1, "name": ..., "resources": {name: capacity}, "graph": G}}
 * where {@code G} is JGraphT's JSON graph format, written from the records (as JGraphT's {@code JSONExporter}
 * wrote it before, to the byte) and read by JGraphT's {@link JSONImporter}: nodes carry {@code id}, {@code kind} (the Unicorn keyword), {@code ports},
 * {@code attributes} (when not empty), {@code implementation}, {@code cycles} and {@code config} (when
 * present); edges carry {@code source}, {@code target}, {@code label} (port or spawn label) and
 * {@code kind} ({@code port} or {@code spawn}). JGraphT's format holds only scalar attributes, so
 * {@code ports}, {@code attributes} and {@code config} hold JSON text (see {@link JsonCodec} for their
 * shape); the importer also accepts them as nested JSON. Graph name and resources live in the envelope
 * because the JGraphT format has no graph-level attributes.
 *
 * <p>Reading checks everything and reports the first problem as a {@link GraphFormatException} naming
 * the JSON pointer and node.
 */
public final class GraphJson {
    /** Value of the envelope's {@code format} member. */
    public static final String FORMAT = "nicplan-graph";
    public static final int VERSION = 1;

    private static final Set<String> NODE_ATTRIBUTES = Set.of("kind", "ports", "attributes", "implementation", "cycles", "config");
    private static final Set<String> EDGE_ATTRIBUTES = Set.of("label", "kind");

    private GraphJson() {
    }

    /** The graph as a JSON document (pretty-printed, nodes and edges in the graph's order). */
    public static String export(DataflowGraph graph) {
        try {
            return JsonCodec.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(GraphDocument.of(graph));
        } catch (JsonProcessingException e) {
            // records of strings, numbers and lists always serialize; failing here is a bug, not bad input
            throw new UncheckedIOException("cannot write graph " + graph.name() + " as JSON", e);
        }
    }

    /**
     * Writes the same document as {@link #export(DataflowGraph)}, compact instead of pretty-printed,
     * to {@code out} as it goes (each node's entry made as it is written), so a caller can bound (or
     * stop) the rendering of a large graph by the writer it passes. {@link #importGraph} reads it back.
     * The {@code graph} member's strings are escaped as JGraphT's exporter, which wrote this form before,
     * escapes them (a slash with a backslash before it, non-ASCII as backslash-u and four hex digits), so the text is the same as it was.
     */
    public static void export(DataflowGraph graph, Writer out) {
        try {
            COMPACT.writeValue(out, GraphDocument.of(graph));
            out.flush();
        } catch (JsonMappingException e) {
            // Jackson wraps what the writer threw while a value was being serialized; the caller stops the
            // rendering (a size limit, an interrupt) by throwing, and expects its own exception back
            if (e.getCause() instanceof RuntimeException stop) {
                throw stop;
            }
            throw new UncheckedIOException("cannot write graph " + graph.name() + " as JSON", e);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("cannot write graph " + graph.name() + " as JSON", e);
        }
    }

    /** Compact, leaving the writer open, with JGraphT's escaping inside the {@code graph} member. */
    private static final ObjectWriter COMPACT = JsonCodec.MAPPER.copy()
            .registerModule(new SimpleModule("jgrapht-escaping").setSerializerModifier(new BeanSerializerModifier() {
                @Override
                public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription bean,
                                                          JsonSerializer<?> serializer) {
                    return bean.getBeanClass() == GraphDocument.GraphTopology.class
                            ? new EscapedLikeJGraphT(serializer) : serializer;
                }
            }))
            .writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    /**
     * JGraphT 1.5.3's {@code JSONExporter} escapes strings as Apache Commons Text's {@code escapeJson}: besides
     * what JSON requires, a slash with a backslash before it, and every char outside ASCII as backslash-u and
     * four upper-case hex digits (surrogate pairs as two such escapes).
     */
    private static final class JGraphTEscapes extends CharacterEscapes {
        private static final int[] ASCII;

        static {
            ASCII = CharacterEscapes.standardAsciiEscapesForJSON();
            ASCII['/'] = CharacterEscapes.ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ASCII;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == '/' ? new SerializedString("\\/")
                    : new SerializedString(String.format(Locale.ROOT, "\\u%04X", ch));
        }
    }

    private static final CharacterEscapes JGRAPHT_ESCAPES = new JGraphTEscapes();

    /** The bean serializer of the {@code graph} member, with {@link JGraphTEscapes} while it writes. */
    private static final class EscapedLikeJGraphT extends JsonSerializer<Object> implements ResolvableSerializer {
        private final JsonSerializer<Object> bean;

        @SuppressWarnings("unchecked")
        EscapedLikeJGraphT(JsonSerializer<?> bean) {
            this.bean = (JsonSerializer<Object>) bean;
        }

        @Override
        public void resolve(SerializerProvider provider) throws JsonMappingException {
            if (bean instanceof ResolvableSerializer r) {
                r.resolve(provider);
            }
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws java.io.IOException {
            CharacterEscapes before = gen.getCharacterEscapes();
            gen.setCharacterEscapes(JGRAPHT_ESCAPES);
            try {
                bean.serialize(value, gen, provider);
            } finally {
                gen.setCharacterEscapes(before);
            }
        }
    }

    /**
     * Reads a document written by {@link #export}.
     *
     * @throws GraphFormatException if the text is not such a document, naming where and why
     */
    public static DataflowGraph importGraph(String json) {
        JsonNode root;
        try {
            root = JsonCodec.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new GraphFormatException("", "not valid JSON" + (loc == null ? "" : " at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr()) + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new GraphFormatException("", "expected a JSON object, got " + JsonCodec.describe(root));
        }
        JsonCodec.fields(root, "", Set.of("format", "version", "name", "graph"), Set.of("resources"));
        if (!FORMAT.equals(root.get("format").asText())) {
            throw new GraphFormatException("/format", "expected \"" + FORMAT + "\", got " + root.get("format"));
        }
        if (JsonCodec.number(root.get("version"), "/version") != VERSION) {
            throw new GraphFormatException("/version", "unsupported version " + root.get("version") + "; this reader knows " + VERSION);
        }
        GraphBuilder builder = DataflowGraph.builder(JsonCodec.text(root.get("name"), "/name"));
        if (root.has("resources")) {
            JsonNode resources = JsonCodec.object(root.get("resources"), "/resources");
            for (Map.Entry<String, JsonNode> r : resources.properties()) {
                String at = "/resources/" + JsonCodec.escape(r.getKey());
                long capacity = JsonCodec.number(r.getValue(), at);
                if (capacity < 0) {
                    throw new GraphFormatException(at, "capacity " + capacity + " is negative");
                }
                builder.addResource(new Resource(r.getKey(), capacity));
            }
        }
        JsonNode graph = JsonCodec.object(root.get("graph"), "/graph");
        checkShape(graph);
        Imported imported = runImporter(graph);

        int index = 0;
        for (String id : imported.graph.vertexSet()) {
            String at = "/graph/nodes/" + index++ + " (node '" + id + "')";
            builder.addNode(node(id, imported.nodeAttributes.getOrDefault(id, Map.of()), at));
        }
        for (EdgeDraft e : imported.graph.edgeSet()) {
            builder.addEdge(edge(imported.graph.getEdgeSource(e), imported.graph.getEdgeTarget(e), e));
        }
        try {
            return builder.build();
        } catch (InvalidGraphException e) {
            throw new GraphFormatException("/graph", e.getMessage(), e);
        }
    }

    // ---- import helpers ----

    /** An edge as JGraphT's importer creates it, before its attributes are known. */
    private static final class EdgeDraft {
        final int index;
        final Map<String, Attribute> attributes = new LinkedHashMap<>();

        EdgeDraft(int index) {
            this.index = index;
        }
    }

    private record Imported(Graph<String, EdgeDraft> graph, Map<String, Map<String, Attribute>> nodeAttributes) {
    }

    /** Ids and endpoints must be strings: JGraphT's importer would invent ids for nodes without one. */
    private static void checkShape(JsonNode graph) {
        int i = 0;
        for (JsonNode n : JsonCodec.array(graph.get("nodes"), "/graph/nodes")) {
            String at = "/graph/nodes/" + i++;
            JsonCodec.object(n, at);
            JsonCodec.text(n.get("id"), at + "/id");
        }
        i = 0;
        for (JsonNode e : JsonCodec.array(graph.get("edges"), "/graph/edges")) {
            String at = "/graph/edges/" + i++;
            JsonCodec.object(e, at);
            JsonCodec.text(e.get("source"), at + "/source");
            JsonCodec.text(e.get("target"), at + "/target");
        }
    }

    private static Imported runImporter(JsonNode graphNode) {
        int[] edgeCount = {0};
        Graph<String, EdgeDraft> g = new DirectedPseudograph<>(null, () -> new EdgeDraft(edgeCount[0]++), false);
        Map<String, Map<String, Attribute>> nodeAttributes = new HashMap<>();
        JSONImporter<String, EdgeDraft> importer = new JSONImporter<>();
        importer.setVertexFactory(id -> id);
        importer.addVertexAttributeConsumer((p, a) -> {
            // the importer reports each node's id once more as attribute "ID"
            if (!(p.getSecond().equals(JSONImporter.DEFAULT_VERTEX_ID_KEY) && a.getValue().equals(p.getFirst()))) {
                nodeAttributes.computeIfAbsent(p.getFirst(), k -> new LinkedHashMap<>()).put(p.getSecond(), a);
            }
        });
        importer.addEdgeAttributeConsumer((p, a) -> p.getFirst().attributes.put(p.getSecond(), a));
        try {
            importer.importGraph(g, new StringReader(graphNode.toString()));
        } catch (ImportException e) {
            throw new GraphFormatException("/graph", e.getMessage(), e);
        }
        return new Imported(g, nodeAttributes);
    }

    private static Node node(String id, Map<String, Attribute> attrs, String at) {
        for (String name : attrs.keySet()) {
            if (!NODE_ATTRIBUTES.contains(name)) {
                throw new GraphFormatException(at, "unknown attribute '" + name + "'; allowed: " + String.join(", ", new TreeSet<>(NODE_ATTRIBUTES)));
            }
        }
        String keyword = string(attrs, "kind", at).orElseThrow(() -> new GraphFormatException(at, "missing attribute 'kind'"));
        NodeKind kind = NodeKind.byKeyword(keyword).orElseThrow(() -> new GraphFormatException(at + "/kind",
                "unknown node kind '" + keyword + "'; expected one of node, boolean, and, or, nand, nor, config"));
        List<Port> ports = nested(attrs, "ports", at).map(n -> JsonCodec.ports(n, at + "/ports")).orElse(List.of());
        Attributes attributes = nested(attrs, "attributes", at).map(n -> JsonCodec.attributes(n, at + "/attributes"))
                .orElse(Attributes.NONE);
        Optional<String> implementation = string(attrs, "implementation", at);
        OptionalLong cycles = integer(attrs, "cycles", at);
        Optional<ConfigSpec> config = nested(attrs, "config", at).map(n -> JsonCodec.config(n, at + "/config"));
        if (config.isPresent() != (kind == NodeKind.CONFIG)) {
            throw new GraphFormatException(at, kind == NodeKind.CONFIG ? "a config node needs attribute 'config'"
                    : "only config nodes have attribute 'config'");
        }
        return new Node(id, kind, ports, attributes, implementation, cycles, config);
    }

    private static Edge edge(String source, String target, EdgeDraft e) {
        String at = "/graph/edges/" + e.index + " (" + source + " -> " + target + ")";
        for (String name : e.attributes.keySet()) {
            if (!EDGE_ATTRIBUTES.contains(name)) {
                throw new GraphFormatException(at, "unknown attribute '" + name + "'; allowed: kind, label");
            }
        }
        String label = string(e.attributes, "label", at).orElseThrow(() -> new GraphFormatException(at, "missing attribute 'label'"));
        String kind = string(e.attributes, "kind", at).orElseThrow(() -> new GraphFormatException(at, "missing attribute 'kind'"));
        EdgeKind edgeKind = switch (kind) {
            case "port" -> EdgeKind.PORT;
            case "spawn" -> EdgeKind.SPAWN;
            default -> throw new GraphFormatException(at + "/kind", "unknown edge kind '" + kind + "'; expected port or spawn");
        };
        return new Edge(source, label, target, edgeKind);
    }

    private static Optional<String> string(Map<String, Attribute> attrs, String name, String at) {
        Attribute a = attrs.get(name);
        if (a == null) {
            return Optional.empty();
        }
        if (a.getType() != AttributeType.STRING) {
            throw new GraphFormatException(at + "/" + name, "expected a string, got " + describe(a));
        }
        return Optional.of(a.getValue());
    }

    private static OptionalLong integer(Map<String, Attribute> attrs, String name, String at) {
        Attribute a = attrs.get(name);
        if (a == null) {
            return OptionalLong.empty();
        }
        if (a.getType() != AttributeType.INT && a.getType() != AttributeType.LONG) {
            throw new GraphFormatException(at + "/" + name, "expected an integer, got " + describe(a));
        }
        return OptionalLong.of(Long.parseLong(a.getValue()));
    }

    /** A nested value: JSON text in a string attribute (as written) or nested JSON (as a person may write it). */
    private static Optional<JsonNode> nested(Map<String, Attribute> attrs, String name, String at) {
        Attribute a = attrs.get(name);
        if (a == null) {
            return Optional.empty();
        }
        if (a.getType() != AttributeType.STRING && a.getType() != AttributeType.UNKNOWN) {
            throw new GraphFormatException(at + "/" + name, "expected JSON text or a JSON value, got " + describe(a));
        }
        try {
            return Optional.of(JsonCodec.MAPPER.readTree(a.getValue()));
        } catch (JsonProcessingException e) {
            throw new GraphFormatException(at + "/" + name, "not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String describe(Attribute a) {
        return a.getType().toString() + " " + a.getValue();
    }
}
