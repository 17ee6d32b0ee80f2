package io.nicplan.graph.io;

import io.nicplan.graph.ConfigSpec;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Folds a graph's replicated structure so it can be drawn on one screen: the shipped 82599 has 128
 * queues of two nodes each and 128 transmit queues, 5 x 128 edges into them, and drawn node by node
 * it is 33,247 pt wide.
 *
 * <p>Two nodes are alike when their ids differ only in runs of digits ({@code Q3.Valid}, {@code
 * Q97.Valid}), they have the same kind, place and configuration function, and their neighbours are
 * alike in the same way with the same labels (so {@code Q0..Q15.Valid}, which RSS also feeds, stay apart
 * from {@code Q16..Q127.Valid}). Alike nodes, at least {@link CollapseOptions#minimumGroup()} of them,
 * become one group; edges fold by (source group, label, target group, kind) and count what they stand
 * for. One pass, linear in the graph.
 *
 * <pre>{@code
 * CollapsedGraph c = GraphCollapse.collapse(graph, CollapseOptions.DEFAULT);
 * String dot = c.dot();   // Q{0..127}.Rx, "queues ×128", rankdir=LR
 * }</pre>
 */
public final class GraphCollapse {
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    /** Longer digit runs are names, not indexes (they would not fit a long). */
    private static final int MAX_INDEX_DIGITS = 18;

    private GraphCollapse() {
    }

    public static CollapsedGraph collapse(DataflowGraph graph, CollapseOptions options) {
        Map<String, String> templates = new HashMap<>();
        for (Node n : graph.nodes()) {
            templates.put(n.id(), template(n.id()));
        }
        // Alike nodes by their signature, in the graph's node order.
        Map<String, List<Node>> alike = new LinkedHashMap<>();
        for (Node n : graph.nodes()) {
            alike.computeIfAbsent(signature(graph, n, templates), k -> new ArrayList<>()).add(n);
        }
        List<CollapsedGraph.Group> groups = new ArrayList<>();
        Map<String, String> groupOf = new HashMap<>();
        Map<String, Integer> labelsUsed = new HashMap<>();
        for (List<Node> members : alike.values()) {
            Node first = members.get(0);
            String template = templates.get(first.id());
            boolean fold = members.size() >= options.minimumGroup() && !options.expanded().contains(template)
                    && template.contains("*");
            List<List<Node>> drawn = fold ? List.of(members) : members.stream().map(List::of).toList();
            for (List<Node> group : drawn) {
                List<String> ids = group.stream().map(Node::id).sorted(GraphCollapse::byIndexes).toList();
                String id = unique(group.size() == 1 ? ids.get(0) : label(template, ids), labelsUsed);
                Node n = group.get(0);
                groups.add(new CollapsedGraph.Group(id, template, n.kind(), n.isSoftware(),
                        n.config().map(ConfigSpec::function), ids));
                ids.forEach(member -> groupOf.put(member, id));
            }
        }
        Map<List<Object>, int[]> counts = new LinkedHashMap<>();
        for (Edge e : graph.edges()) {
            counts.computeIfAbsent(List.of(groupOf.get(e.source()), e.label(), groupOf.get(e.target()), e.kind()),
                    k -> new int[1])[0]++;
        }
        List<CollapsedGraph.GroupEdge> edges = new ArrayList<>();
        counts.forEach((k, count) -> edges.add(new CollapsedGraph.GroupEdge((String) k.get(0), (String) k.get(1),
                (String) k.get(2), (io.nicplan.graph.EdgeKind) k.get(3), count[0])));
        return new CollapsedGraph(graph.name(), groups, edges);
    }

    /** The id with every run of digits written {@code *}; an id with an over-long run is its own template. */
    static String template(String id) {
        Matcher m = DIGITS.matcher(id);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            if (m.group().length() > MAX_INDEX_DIGITS) {
                return id;
            }
            m.appendReplacement(sb, "*");
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String signature(DataflowGraph graph, Node n, Map<String, String> templates) {
        TreeSet<String> in = new TreeSet<>();
        for (Edge e : graph.incoming(n.id())) {
            in.add(templates.get(e.source()) + "\u0000" + e.label() + "\u0000" + e.kind());
        }
        TreeSet<String> out = new TreeSet<>();
        for (Edge e : graph.outgoing(n.id())) {
            out.add(e.label() + "\u0000" + templates.get(e.target()) + "\u0000" + e.kind());
        }
        return String.join("\u0001", templates.get(n.id()), n.kind().name(), Boolean.toString(n.isSoftware()),
                n.config().map(ConfigSpec::function).orElse(""), in.toString(), out.toString());
    }

    /**
     * The group's label: the template with its one varying index written as ranges ({@code Q{0..15}.Valid})
     * and the indexes all members share written out; when several indexes vary, {@code *} stays for them
     * and the member count follows.
     */
    static String label(String template, List<String> ids) {
        List<List<Long>> indexes = ids.stream().map(GraphCollapse::indexes).toList();
        int positions = indexes.get(0).size();
        List<Integer> varying = new ArrayList<>();
        for (int p = 0; p < positions; p++) {
            int position = p;
            if (indexes.stream().map(x -> x.get(position)).distinct().count() > 1) {
                varying.add(p);
            }
        }
        StringBuilder sb = new StringBuilder();
        Matcher m = Pattern.compile("\\*").matcher(template);
        int p = 0;
        while (m.find()) {
            String part;
            if (!varying.contains(p)) {
                part = Long.toString(indexes.get(0).get(p));
            } else if (varying.size() == 1) {
                int position = p;
                part = "{" + ranges(indexes.stream().map(x -> x.get(position)).sorted().distinct().toList()) + "}";
            } else {
                part = "*";
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(part));
            p++;
        }
        m.appendTail(sb);
        if (varying.size() > 1) {
            sb.append(" \u00d7").append(ids.size());
        }
        return sb.toString();
    }

    /** Sorted distinct numbers as ranges: {@code 0..15}, or {@code 0..3,8,10..11} for gaps. */
    public static String ranges(List<Long> sorted) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1L) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(sorted.get(i));
            if (j > i) {
                sb.append("..").append(sorted.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }

    private static List<Long> indexes(String id) {
        List<Long> out = new ArrayList<>();
        Matcher m = DIGITS.matcher(id);
        while (m.find()) {
            out.add(Long.parseLong(m.group()));
        }
        return out;
    }

    /** Ids of one template by their indexes as numbers, so Q2 comes before Q10. */
    private static int byIndexes(String a, String b) {
        List<Long> x = indexes(a);
        List<Long> y = indexes(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int c = Long.compare(x.get(i), y.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Comparator.<String>naturalOrder().compare(a, b);
    }

    private static String unique(String label, Map<String, Integer> used) {
        int n = used.merge(label, 1, Integer::sum);
        return n == 1 ? label : label + " (" + n + ")";
    }
}
