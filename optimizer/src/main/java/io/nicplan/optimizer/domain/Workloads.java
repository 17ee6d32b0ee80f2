package io.nicplan.optimizer.domain;

import io.nicplan.embed.state.AddressPattern;
import io.nicplan.embed.state.Application;
import io.nicplan.embed.state.Endpoint;
import io.nicplan.embed.state.ProtocolState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The optimizer's view of the embedder's protocol state: each flow as a 5-tuple match with its class
 * and rate, attributed to the application of the endpoint it reaches (the most specific endpoint that
 * matches, the LPG's demultiplexing precedence), and every application's cores.
 */
public final class Workloads {

    private Workloads() {
    }

    /** The workload of {@code state}; flow ids are kept, so plans and the embedder's classification speak of the same flows. */
    public static Workload fromState(ProtocolState state) {
        List<Flow> flows = new ArrayList<>();
        Map<String, String> keys = new LinkedHashMap<>();
        for (io.nicplan.embed.state.Flow f : state.flows()) {
            flows.add(flow(f, state.endpoints()));
            f.key().ifPresent(k -> keys.put(f.id(), k));
        }
        Map<String, Set<Integer>> cores = new LinkedHashMap<>();
        for (Application a : state.applications()) {
            cores.put(a.name(), new LinkedHashSet<>(a.cores()));
        }
        return new Workload(flows, cores, Map.of(), keys);
    }

    /**
     * The workload of {@code state} planned over {@code queues} queues: {@link #fromState(ProtocolState)} with each
     * queue's core by {@link #queueCores}, so {@code crossCore} and {@code sameCore} apply to a plan from a state.
     */
    public static Workload fromState(ProtocolState state, int queues) {
        Workload w = fromState(state);
        return new Workload(w.flows(), w.applicationCores(), queueCores(state, queues), w.keys());
    }

    /**
     * Which core serves each of {@code queues} queues when the state says nothing of it (docs/formats.md, "Queue
     * cores"): the cores the state's applications name, in ascending order, c_0 < ... < c_(k-1), serve the queues in
     * turn, queue q on c_(q mod k), as Linux drivers' {@code set_irq_affinity} scripts pin queue i's interrupt to CPU
     * i, limited to the cores the state runs applications on. Empty when no application names a core.
     */
    public static Map<Integer, Integer> queueCores(ProtocolState state, int queues) {
        java.util.TreeSet<Integer> cores = new java.util.TreeSet<>();
        for (Application a : state.applications()) {
            cores.addAll(a.cores());
        }
        if (cores.isEmpty()) {
            return Map.of();
        }
        List<Integer> inOrder = new ArrayList<>(cores);
        Map<Integer, Integer> byQueue = new LinkedHashMap<>();
        for (int q = 0; q < queues; q++) {
            byQueue.put(q, inOrder.get(q % inOrder.size()));
        }
        return byQueue;
    }

    /** One flow; gold when the state says {@code gold}, best-effort otherwise. */
    public static Flow flow(io.nicplan.embed.state.Flow f, List<Endpoint> endpoints) {
        Proto proto = Proto.byJsonName(f.proto().symbol()).orElseThrow();
        FlowMatch match = new FlowMatch(Optional.of(proto), ip(f.src()), ip(f.dst()), f.src().port(), f.dst().port(),
                f.src().ipv6(), f.dst().ipv6());
        TrafficClass cls = TrafficClass.byJsonName(f.trafficClass()).orElse(TrafficClass.BESTEFFORT);
        Optional<String> application = endpointOf(f, endpoints).map(Endpoint::application);
        return new Flow(f.id(), match, cls, Math.round(f.packetsPerSecond()), f.bytesPerPacket(), application);
    }

    /** The endpoint that receives the flow: the most specific one that matches it, as the LPG demultiplexes. */
    public static Optional<Endpoint> endpointOf(io.nicplan.embed.state.Flow f, List<Endpoint> endpoints) {
        Endpoint best = null;   // a loop, not a stream: asked for every flow of every request; the first of equals wins
        for (Endpoint e : endpoints) {
            if (reaches(f, e) && (best == null || e.specificity() > best.specificity())) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether every packet of the flow goes to this endpoint when no more specific one claims it. */
    private static boolean reaches(io.nicplan.embed.state.Flow f, Endpoint e) {
        if (f.proto() != e.proto() || f.dst().port().isEmpty() || f.dst().port().getAsInt() != e.localPort()) {
            return false;
        }
        if (e.local().address().isPresent() && !e.local().address().equals(f.dst().address())) {
            return false;
        }
        return e.remote().isEmpty() || e.remote().get().equals(f.src());
    }

    private static OptionalLong ip(AddressPattern p) {
        return p.ipv4().map(a -> OptionalLong.of(a.value())).orElse(OptionalLong.empty());
    }
}
