package io.nicplan.embed.classify;

import io.nicplan.embed.config.ConfigChange;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.reach.Predicates;
import io.nicplan.embed.reach.Solver;
import io.nicplan.embed.rss.RssSpec;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Flow to queue on a configured graph. A concrete flow (every 5-tuple field given) is one packet
 * class: the {@link CompiledClassifier} walks the graph with its packet. A wildcard flow gets
 * every queue some of its packets can reach: the queues whose reachability predicate is
 * satisfiable together with the flow's ({@link FlowPackets#predicate}), the queue predicate first
 * simplified under the fields the flow fixes.
 */
public final class FlowClassifier {
    private final ConfiguredGraph graph;
    private final ProtocolState state;
    private final FlowPackets packets;
    private final CompiledClassifier compiled;
    private final Solver solver;
    private List<RssSpec> rssSpecs;

    private FlowClassifier(ConfiguredGraph graph, ProtocolState state, CompiledClassifier compiled, Solver solver) {
        this.graph = graph;
        this.state = state;
        this.packets = new FlowPackets(state);
        this.compiled = compiled;
        this.solver = solver;
    }

    public static FlowClassifier of(ConfiguredGraph graph, ProtocolState state, Solver solver) {
        return new FlowClassifier(graph, state, CompiledClassifier.of(graph), solver);
    }

    /** The classifier after {@code change} turned this classifier's graph into {@code next}. */
    public FlowClassifier patched(ConfiguredGraph next, ConfigChange change) {
        return new FlowClassifier(next, state, next.derived(CompiledClassifier.class, g -> compiled.patched(g, change)), solver);
    }

    public ConfiguredGraph graph() {
        return graph;
    }

    public ProtocolState state() {
        return state;
    }

    public FlowPackets packets() {
        return packets;
    }

    public CompiledClassifier compiled() {
        return compiled;
    }

    public Placement classify(Flow flow) {
        if (flow.isConcrete()) {
            return Placement.of(flow.id(), compiled.queues(packets.packet(flow)));
        }
        Predicate f = withRssBucket(flow, packets.predicate(flow));
        Long[] fixed = Predicates.fixedFields(f);
        QueuePredicates qp = queuePredicates();
        SortedSet<Integer> queues = new TreeSet<>();
        for (int q : qp.queues()) {
            Predicate reach = qp.simplifier(q).simplify(fixed);
            if (!(reach instanceof Predicate.False) && solver.satisfiable(Predicate.and(f, reach))) {
                queues.add(q);
            }
        }
        return Placement.of(flow.id(), queues);
    }

    /**
     * A wildcard flow whose wildcards are all outside the RSS hash's inputs (e.g. any source port
     * under an address-only hash) still has one bucket; when the graph has a single RSS node, the
     * flow's predicate says so, and the flow reaches only that bucket's queue.
     */
    private Predicate withRssBucket(Flow flow, Predicate p) {
        List<RssSpec> specs = rssSpecs();
        if (specs.size() != 1 || flow.src().address().isEmpty() || flow.dst().address().isEmpty()) {
            return p;
        }
        RssSpec spec = specs.get(0);
        if (spec.type().hashesPorts(flow.proto().ipProto()) && !(flow.src().port().isPresent() && flow.dst().port().isPresent())) {
            return p;
        }
        return Predicate.and(p, Predicate.eq(HeaderField.RSS_BUCKET, spec.bucket(packets.packet(flow))));
    }

    private synchronized List<RssSpec> rssSpecs() {
        if (rssSpecs == null) {
            rssSpecs = graph.graph().nodes().stream().map(RssSpec::of).flatMap(java.util.Optional::stream).toList();
        }
        return rssSpecs;
    }

    public List<Placement> classifyAll(List<Flow> flows) {
        List<Placement> out = new ArrayList<>(flows.size());
        flows.forEach(f -> out.add(classify(f)));
        return out;
    }

    /** The reachability predicate of every queue (computed on first use, and kept with the graph). */
    public QueuePredicates queuePredicates() {
        return graph.derived(QueuePredicates.class, QueuePredicates::of);
    }
}
