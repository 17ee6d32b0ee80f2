package io.nicplan.unicorn.format;

import io.nicplan.graph.Attributes;
import io.nicplan.graph.ConfigSpec;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.EdgeKind;
import io.nicplan.graph.Node;
import io.nicplan.graph.Port;
import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.predicate.Predicate;
import io.nicplan.graph.predicate.PredicateText;
import io.nicplan.graph.predicate.PredicateWalk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes a graph as canonical Unicorn text: clusters rebuilt from dotted ids, references written
 * relative to the cluster they appear in (leading dots climb), resources as
 * {@code resource NAME = VALUE}, no loops or params. Parsing the text gives back an equal graph.
 */
public final class UnicornFormatter {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Keywords cannot name params and resources (they may name nodes, ports and symbols). */
    private static final Set<String> KEYWORDS = Set.of("import", "graph", "cluster", "param", "resource", "for", "in",
            "node", "boolean", "and", "or", "nand", "nor", "config", "attr", "implementation", "cycles", "port", "when",
            "predicate", "spawn", "type", "function", "uses", "true", "false", "Bool", "Int", "UInt", "Enum");
    private static final String INDENT = "    ";

    /** A cluster while the text is laid out: its nodes and sub-clusters in order of first appearance. */
    private static final class Cluster {
        final String name;
        final List<Object> members = new ArrayList<>();
        final Map<String, Cluster> children = new LinkedHashMap<>();

        Cluster(String name) {
            this.name = name;
        }
    }

    private UnicornFormatter() {
    }

    /**
     * The canonical text of {@code graph}.
     *
     * @throws IllegalArgumentException if the graph holds something Unicorn cannot write (an id
     *         that is not dotted identifiers, a resource named by a keyword, an attribute that
     *         parsing would read differently, a predicate with no text)
     */
    public static String format(DataflowGraph graph) {
        requireName(graph.name(), "graph name");
        Cluster root = new Cluster("");
        for (Node n : graph.nodes()) {
            String[] parts = n.id().split("\\.", -1);
            Arrays.stream(parts).forEach(p -> requireName(p, "node id '" + n.id() + "'"));
            Cluster c = root;
            for (int i = 0; i < parts.length - 1; i++) {
                Cluster parent = c;
                String name = parts[i];
                c = parent.children.computeIfAbsent(name, k -> {
                    Cluster created = new Cluster(k);
                    parent.members.add(created);
                    return created;
                });
            }
            c.members.add(n);
        }
        StringBuilder out = new StringBuilder("graph ").append(graph.name()).append(" {\n");
        for (Resource r : graph.resources().values()) {
            if (!IDENTIFIER.matcher(r.name()).matches() || KEYWORDS.contains(r.name())) {
                throw new IllegalArgumentException("resource name '" + r.name() + "' is not an identifier Unicorn can declare");
            }
            out.append(INDENT).append("resource ").append(r.name()).append(" = ").append(r.capacity()).append('\n');
        }
        members(graph, root, List.of(), INDENT, out);
        return out.append("}\n").toString();
    }

    private static void members(DataflowGraph graph, Cluster cluster, List<String> path, String indent, StringBuilder out) {
        for (Object member : cluster.members) {
            if (member instanceof Node n) {
                node(graph, n, path, indent, out);
            } else {
                Cluster child = (Cluster) member;
                List<String> childPath = new ArrayList<>(path);
                childPath.add(child.name);
                out.append(indent).append("cluster ").append(child.name).append(" {\n");
                members(graph, child, childPath, indent + INDENT, out);
                out.append(indent).append("}\n");
            }
        }
    }

    private static void node(DataflowGraph graph, Node n, List<String> path, String indent, StringBuilder out) {
        List<String> body = new ArrayList<>();
        attributes(n, body);
        n.implementation().ifPresent(i -> body.add("implementation " + quote(i)));
        n.cycles().ifPresent(c -> body.add("cycles " + c));
        if (n.config().isPresent()) {
            ConfigSpec spec = n.config().get();
            requireName(spec.function(), "function of '" + n.id() + "'");
            body.add("type " + type(spec.type()));
            body.add("function " + spec.function());
            if (!spec.resources().isEmpty()) {
                body.add("uses " + String.join(", ", spec.resources()));
            }
        }
        for (Port p : n.ports()) {
            requireName(p.name(), "port of '" + n.id() + "'");
            String targets = graph.targets(n.id(), p.name()).stream().map(t -> reference(path, t)).collect(Collectors.joining(" "));
            body.add("port " + p.name() + "[" + targets + "]" + (p.hasPredicate() ? " when " + predicate(n, p) : ""));
        }
        Map<String, List<String>> spawns = new LinkedHashMap<>();
        for (Edge e : graph.outgoing(n.id())) {
            if (e.kind() == EdgeKind.SPAWN) {
                requireName(e.label(), "spawn label of '" + n.id() + "'");
                spawns.computeIfAbsent(e.label(), k -> new ArrayList<>()).add(reference(path, e.target()));
            }
        }
        spawns.forEach((label, targets) -> body.add("spawn " + label + "[" + String.join(" ", targets) + "]"));
        out.append(indent).append(n.kind().keyword()).append(' ').append(n.simpleName());
        if (body.isEmpty()) {
            out.append(" {}\n");
            return;
        }
        out.append(" {\n");
        body.forEach(line -> out.append(indent).append(INDENT).append(line).append('\n'));
        out.append(indent).append("}\n");
    }

    /**
     * The text of a port predicate, by the predicates helper's canonical printer. Values no text
     * parses back to are refused: a junction of fewer than two terms or an empty set
     * ({@link PredicateText#isPrintable}), and a negation of true, false or a negation, which the
     * parser's {@code !} simplifies.
     */
    private static String predicate(Node n, Port p) {
        if (!PredicateText.isPrintable(p.predicate()) || hasSimplifiedNegation(p.predicate())) {
            throw new IllegalArgumentException("predicate of port '" + p.name() + "' of '" + n.id()
                    + "' has no Unicorn text that parses back to it: " + p.predicate());
        }
        return PredicateText.format(p.predicate());
    }

    private static boolean hasSimplifiedNegation(Predicate p) {
        for (Predicate q : PredicateWalk.postOrder(p)) {
            if (q.accept(SIMPLIFIED_NEGATION)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a node is a negation the parser's {@code !} would simplify: of true, false or a negation. */
    private static final Predicate.Visitor<Boolean> SIMPLIFIED_NEGATION = new Predicate.Visitor<>() {
        @Override public Boolean visitTrue(Predicate.True p) { return false; }
        @Override public Boolean visitFalse(Predicate.False p) { return false; }
        @Override public Boolean visitMasked(Predicate.Masked p) { return false; }
        @Override public Boolean visitRange(Predicate.Range p) { return false; }
        @Override public Boolean visitInSet(Predicate.InSet p) { return false; }
        @Override public Boolean visitAnd(Predicate.And p) { return false; }
        @Override public Boolean visitOr(Predicate.Or p) { return false; }
        @Override public Boolean visitNot(Predicate.Not p) { return p.term().accept(SIMPLIFIED_BY_BANG); }
    };

    /** The terms under a {@code !} that the parser folds away. */
    private static final Predicate.Visitor<Boolean> SIMPLIFIED_BY_BANG = new Predicate.Visitor<>() {
        @Override public Boolean visitTrue(Predicate.True p) { return true; }
        @Override public Boolean visitFalse(Predicate.False p) { return true; }
        @Override public Boolean visitMasked(Predicate.Masked p) { return false; }
        @Override public Boolean visitRange(Predicate.Range p) { return false; }
        @Override public Boolean visitInSet(Predicate.InSet p) { return false; }
        @Override public Boolean visitAnd(Predicate.And p) { return false; }
        @Override public Boolean visitOr(Predicate.Or p) { return false; }
        @Override public Boolean visitNot(Predicate.Not p) { return true; }
    };

    private static void attributes(Node n, List<String> body) {
        Attributes a = n.attributes();
        for (String flag : a.flags()) {
            if (flag.isBlank() || flag.contains("=") || !flag.equals(flag.strip())) {
                throw new IllegalArgumentException("attribute flag '" + flag + "' of '" + n.id() + "' would not parse back");
            }
            body.add("attr " + quote(flag));
        }
        for (Map.Entry<String, String> e : a.values().entrySet()) {
            String key = e.getKey();
            if (key.isBlank() || key.contains("=") || !key.equals(key.strip()) || !e.getValue().equals(e.getValue().strip())) {
                throw new IllegalArgumentException("attribute '" + key + "=" + e.getValue() + "' of '" + n.id() + "' would not parse back");
            }
            body.add("attr " + quote(key + "=" + e.getValue()));
        }
    }

    /** How a reference written in the cluster {@code path} names {@code id}: leading dots climb. */
    static String reference(List<String> path, String id) {
        String[] parts = id.split("\\.");
        int common = 0;
        while (common < path.size() && common < parts.length - 1 && path.get(common).equals(parts[common])) {
            common++;
        }
        StringBuilder sb = new StringBuilder(".".repeat(path.size() - common));
        sb.append(String.join(".", Arrays.asList(parts).subList(common, parts.length)));
        return sb.toString();
    }

    static String type(ConfigType t) {
        if (t instanceof ConfigType.BoolType) {
            return "Bool";
        }
        if (t instanceof ConfigType.IntType i) {
            return "Int " + term(i.lo()) + " " + term(i.hi());
        }
        if (t instanceof ConfigType.UIntType u) {
            return "UInt " + u.bits();
        }
        if (t instanceof ConfigType.EnumType e) {
            e.symbols().forEach(s -> requireName(s, "enum symbol"));
            return "Enum(" + String.join(", ", e.symbols()) + ")";
        }
        if (t instanceof ConfigType.OptionalType o) {
            return "<" + type(o.element()) + ">";
        }
        if (t instanceof ConfigType.ListType l) {
            return "[" + type(l.element()) + "]<" + l.min() + ", " + l.max() + ">";
        }
        ConfigType.TupleType tuple = (ConfigType.TupleType) t;
        if (tuple.fields().isEmpty()) {
            throw new IllegalArgumentException("a tuple type without fields has no Unicorn text");
        }
        return "(" + tuple.fields().stream().map(f -> {
            requireName(f.name(), "tuple field");
            return f.name() + ": " + type(f.type());
        }).collect(Collectors.joining(", ")) + ")";
    }

    /** An integer as a single term ({@code Int LO HI} takes terms; the smallest long has no literal). */
    private static String term(long v) {
        return v == Long.MIN_VALUE ? "(-9223372036854775807 - 1)" : Long.toString(v);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"', '\\', '{', '}' -> sb.append('\\').append(c);
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static void requireName(String name, String what) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + ": '" + name + "' is not an identifier");
        }
    }
}
