package io.nicplan.embed.embedding;

import io.nicplan.embed.json.JsonDocuments;
import io.nicplan.embed.reach.Topology;
import io.nicplan.graph.Attributes;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.Node;
import java.util.List;
import java.util.Map;

/** Renders an {@link Embedding} as text for people, JSON for programs, and DOT for Graphviz. */
public final class EmbeddingRenderer {
    private static final String NL = System.lineSeparator();

    private EmbeddingRenderer() {
    }

    public static String text(Embedding e) {
        StringBuilder sb = new StringBuilder();
        sb.append(e.lpg()).append(" embedded in ").append(e.nic()).append(": ").append(e.queues().size())
                .append(e.queues().size() == 1 ? " queue" : " queues").append(" reached");
        if (!e.unreachedQueues().isEmpty()) {
            sb.append(", ").append(e.unreachedQueues().size()).append(" reached by no packet");
        }
        sb.append(NL);
        for (QueueEmbedding q : e.queues()) {
            sb.append(NL).append("queue ").append(q.queue()).append(": ").append(q.cyclesPerPacket())
                    .append(" cycles per packet at most, ").append(q.flows().size()).append(q.flows().size() == 1 ? " flow" : " flows").append(NL);
            sb.append("  hardware: ").append(String.join(" -> ", q.hardware())).append(NL);
            if (q.transmitQueue() >= 0) {
                sb.append("  transmit: queue ").append(q.transmitQueue()).append(", ").append(q.transmitCyclesPerPacket())
                        .append(" cycles per frame at most").append(NL);
            }
            sb.append("  software:").append(NL);
            DataflowGraph p = q.pipeline();
            for (String id : Topology.order(p)) {
                Node n = p.require(id);
                sb.append("    ").append(id).append(" (").append(n.cyclesOrZero()).append(" cycles");
                if (n.attributes().has(EmbeddingEngine.OFFLOADED)) {
                    sb.append(", offloaded");
                }
                if (n.attributes().has(EmbeddingEngine.DECIDED)) {
                    sb.append(", decided");
                }
                sb.append(")");
                List<String> next = p.outgoing(id).stream().map(x -> x.label() + " -> " + x.target()).sorted().toList();
                if (!next.isEmpty()) {
                    sb.append(": ").append(String.join(", ", next));
                }
                sb.append(NL);
            }
            List<Map.Entry<String, QueueEmbedding.Removal>> shown = q.removed().entrySet().stream()
                    .filter(r -> r.getValue().fate() != NodeFate.UNREACHED).toList();
            long unreached = q.removed().size() - shown.size();
            if (!shown.isEmpty() || unreached > 0) {
                sb.append("  removed:").append(NL);
                for (Map.Entry<String, QueueEmbedding.Removal> r : shown) {
                    sb.append("    ").append(r.getKey()).append(" [").append(r.getValue().fate().label()).append("] ")
                            .append(r.getValue().reason()).append(NL);
                }
                if (unreached > 0) {
                    sb.append("    ").append(unreached).append(" more nodes no packet of this queue reaches").append(NL);
                }
            }
            if (!q.flows().isEmpty()) {
                sb.append("  flows:").append(NL);
                for (QueueEmbedding.FlowCost f : q.flows()) {
                    sb.append("    ").append(f.flow()).append(" -> ")
                            .append(f.sinks().isEmpty() ? "(wildcard flow)" : String.join(", ", f.sinks()))
                            .append(", ").append(f.cycles()).append(" cycles");
                    if (f.transmitCycles() > 0) {
                        sb.append(" + ").append(f.transmitCycles()).append(" transmit");
                    }
                    sb.append(NL);
                }
            }
        }
        transmitText(sb, e.transmitQueues());
        return sb.toString();
    }

    /** The transmit queues, alike ones (same offloads, software and cycles) on one line group. */
    private static void transmitText(StringBuilder sb, List<TransmitEmbedding> queues) {
        Map<String, List<TransmitEmbedding>> alike = new java.util.LinkedHashMap<>();
        for (TransmitEmbedding t : queues) {
            alike.computeIfAbsent(t.offloads() + "|" + t.software() + "|" + t.cyclesByEntry(), k -> new java.util.ArrayList<>()).add(t);
        }
        for (List<TransmitEmbedding> group : alike.values()) {
            TransmitEmbedding t = group.get(0);
            String numbers = queueRanges(group.stream().map(TransmitEmbedding::queue).toList());
            sb.append(NL).append(group.size() == 1 ? "transmit queue " : "transmit queues ").append(numbers).append(": ")
                    .append(t.cyclesPerPacket()).append(" cycles per frame at most").append(NL);
            sb.append("  offloads: ").append(t.offloads().isEmpty() ? "none" : String.join(", ", t.offloads())).append(NL);
            sb.append("  software: ").append(String.join(" ", t.software())).append(NL);
            t.removed().forEach((id, why) -> sb.append("  removed: ").append(id).append(" [done_by_nic] ").append(why).append(NL));
            sb.append("  per entry:");
            t.cyclesByEntry().forEach((entry, c) -> sb.append(' ').append(entry).append(' ').append(c));
            sb.append(NL);
        }
    }

    /** The embedding as JSON: {@link EmbeddingDocument}, implementation omitted where a node has none. */
    public static String json(Embedding e) {
        try {
            return JsonDocuments.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(EmbeddingDocument.of(e));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException("an embedding document could not be written", ex);
        }
    }

    /**
     * Graphviz DOT: one cluster per queue; hardware nodes are grey boxes, software nodes blue
     * ellipses with their cycles, nodes whose work the NIC did dashed.
     */
    public static String dot(Embedding e) {
        StringBuilder sb = new StringBuilder();
        sb.append("digraph \"").append(escape(e.lpg() + " in " + e.nic())).append("\" {").append(NL);
        sb.append("  rankdir=LR;").append(NL);
        sb.append("  node [fontname=\"Helvetica\", fontsize=10];").append(NL);
        for (QueueEmbedding q : e.queues()) {
            String prefix = "q" + q.queue() + ":";
            sb.append("  subgraph \"cluster_q").append(q.queue()).append("\" {").append(NL);
            sb.append("    label=\"queue ").append(q.queue()).append(" (").append(q.cyclesPerPacket()).append(" cycles/packet)\";").append(NL);
            String previous = null;
            for (String hw : q.hardware()) {
                sb.append("    ").append(id(prefix + "hw:" + hw)).append(" [label=\"").append(escape(hw))
                        .append("\", shape=box, style=filled, fillcolor=\"#dddddd\"];").append(NL);
                if (previous != null) {
                    sb.append("    ").append(id(prefix + "hw:" + previous)).append(" -> ").append(id(prefix + "hw:" + hw))
                            .append(" [color=\"#888888\"];").append(NL);
                }
                previous = hw;
            }
            pipeline(sb, prefix, q.pipeline(), previous == null ? null : id(prefix + "hw:" + previous));
            sb.append("  }").append(NL);
        }
        sb.append("}").append(NL);
        return sb.toString();
    }

    /**
     * Graphviz DOT with alike queues drawn once: queues whose hardware path (up to the queue's own
     * number), software pipeline and cost per packet are the same form one cluster labelled with their
     * numbers ({@code queues 16..127}), so an 82599 whose 128 queues mostly carry nothing draws a handful
     * of clusters instead of 128.
     */
    public static String collapsedDot(Embedding e) {
        Map<String, List<QueueEmbedding>> alike = new java.util.LinkedHashMap<>();
        for (QueueEmbedding q : e.queues()) {
            alike.computeIfAbsent(shape(q), k -> new java.util.ArrayList<>()).add(q);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("digraph \"").append(escape(e.lpg() + " in " + e.nic())).append("\" {").append(NL);
        sb.append("  rankdir=LR; ranksep=0.3; nodesep=0.12;").append(NL);
        sb.append("  node [fontname=\"Helvetica\", fontsize=10, height=0.3];").append(NL);
        sb.append("  edge [fontname=\"Helvetica\", fontsize=8, arrowsize=0.6];").append(NL);
        int index = 0;
        for (List<QueueEmbedding> group : alike.values()) {
            QueueEmbedding q = group.get(0);
            String numbers = queueRanges(group.stream().map(QueueEmbedding::queue).toList());
            String prefix = "g" + index + ":";
            int flows = group.stream().mapToInt(x -> x.flows().size()).sum();
            sb.append("  subgraph \"cluster_g").append(index).append("\" {").append(NL);
            sb.append("    label=\"").append(group.size() == 1 ? "queue " : "queues ").append(numbers).append(" (")
                    .append(q.cyclesPerPacket()).append(" cycles/packet, ").append(flows).append(flows == 1 ? " flow)" : " flows)")
                    .append("\";").append(NL);
            String previous = null;
            for (String hw : q.hardware()) {
                String shown = group.size() == 1 ? hw : ownQueue(q.queue()).matcher(hw).replaceAll("Q{" + numbers + "}");
                String node = id(prefix + "hw:" + hw);
                sb.append("    ").append(node).append(" [label=\"").append(escape(shown))
                        .append("\", shape=box, style=filled, fillcolor=\"#dddddd\"];").append(NL);
                if (previous != null) {
                    sb.append("    ").append(previous).append(" -> ").append(node).append(" [color=\"#888888\"];").append(NL);
                }
                previous = node;
            }
            pipeline(sb, prefix, q.pipeline(), previous);
            sb.append("  }").append(NL);
            index++;
        }
        sb.append("}").append(NL);
        return sb.toString();
    }

    /**
     * A queue's software pipeline inside its cluster: nodes with their cycles (dashed where the NIC did the
     * work), the last hardware node ({@code lastHardware}, a DOT id, or null) into its sources, its edges.
     */
    private static void pipeline(StringBuilder sb, String prefix, DataflowGraph p, String lastHardware) {
        for (Node n : p.nodes()) {
            boolean offloaded = n.attributes().has(EmbeddingEngine.OFFLOADED) || n.attributes().has(EmbeddingEngine.DECIDED);
            sb.append("    ").append(id(prefix + n.id())).append(" [label=\"").append(escape(n.id())).append("\\n")
                    .append(n.cyclesOrZero()).append(" cycles\", shape=")
                    .append(n.kind().isOperator() ? "diamond" : n.attributes().has(Attributes.SINK) ? "doubleoctagon" : "ellipse")
                    .append(", color=\"#1f5fbf\"").append(offloaded ? ", style=dashed" : "").append("];").append(NL);
        }
        for (Node s : p.sources()) {
            if (lastHardware != null) {
                sb.append("    ").append(lastHardware).append(" -> ").append(id(prefix + s.id())).append(";").append(NL);
            }
        }
        for (Edge ed : p.edges()) {
            sb.append("    ").append(id(prefix + ed.source())).append(" -> ").append(id(prefix + ed.target()))
                    .append(" [label=\"").append(escape(ed.label())).append("\"];").append(NL);
        }
    }

    /** What makes two queues draw alike: the hardware path with the queue's own number taken out, the pipeline, the cost. */
    private static String shape(QueueEmbedding q) {
        java.util.regex.Pattern own = ownQueue(q.queue());
        StringBuilder sb = new StringBuilder();
        q.hardware().forEach(hw -> sb.append(own.matcher(hw).replaceAll("Q#")).append('|'));
        sb.append(q.cyclesPerPacket()).append('|');
        DataflowGraph p = q.pipeline();
        p.nodes().stream().map(n -> n.id() + ":" + n.kind() + ":" + n.cyclesOrZero() + ":" + n.attributes())
                .sorted().forEach(x -> sb.append(x).append(','));
        sb.append('|');
        p.edges().stream().map(Edge::toString).sorted().forEach(x -> sb.append(x).append(','));
        return sb.toString();
    }

    /** The queue's own nodes in a hardware path: {@code Q5.Valid}, {@code Q5.Rx} (docs/nic-descriptions.md, convention 2). */
    private static java.util.regex.Pattern ownQueue(int queue) {
        return java.util.regex.Pattern.compile("\\bQ" + queue + "(?=\\.|$)");
    }

    private static String queueRanges(List<Integer> queues) {
        return io.nicplan.graph.io.GraphCollapse.ranges(queues.stream().map(Integer::longValue).sorted().toList());
    }

    private static String id(String s) {
        return "\"" + escape(s) + "\"";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
