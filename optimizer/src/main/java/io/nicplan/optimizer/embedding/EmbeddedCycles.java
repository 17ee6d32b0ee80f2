package io.nicplan.optimizer.embedding;

import io.nicplan.embed.Embedder;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.embedding.Embedding;
import io.nicplan.embed.embedding.EmbeddingOptions;
import io.nicplan.embed.embedding.QueueEmbedding;
import io.nicplan.embed.state.Endpoint;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostSpec;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.domain.SoftwareCostTable;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.domain.Workloads;
import io.nicplan.optimizer.memo.RecentResults;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.plan.ConfigurationBuilder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link SoftwareCostTable} measured with the embedder, once per request, with at most three
 * embeddings whatever the number of flows:
 * <ol>
 *   <li><b>unfiltered</b>: every flow on the NIC's unfiltered path (RSS over the usable queues, or the
 *       default queue); gives each flow's cycles when RSS or the default queue carries it;</li>
 *   <li><b>filtered</b>: every fully specified flow in a filter entry (flow director, else a
 *       match-action table, else a 5-tuple filter, while capacity lasts), spread round-robin over
 *       queues 1..n-1, with RSS confined to queue 0; gives each such flow's cycles when a filter steers
 *       it onto a queue that only filtered flows reach;</li>
 *   <li><b>fast path</b> (NICs with FlexTCP only): the filtered configuration with every exact TCP flow
 *       in the fast path instead.</li>
 * </ol>
 * A flow's cycles are those the embedder reports for it, receive and transmit
 * ({@link QueueEmbedding.FlowCost#totalCycles}: its receive pipeline plus the transmit path of what its
 * packets spawn, an ACK or a reply, on the paired transmit queue; the costliest queue for a wildcard flow
 * that reaches several). The configurations measured are the plans' own
 * ({@link ConfigurationBuilder}), which turn on every transmit offload the NIC declares, so the transmit
 * path is what is left to software with TSO and checksum insertion on the NIC (docs/formats.md, "Embedding").
 *
 * <p>Approximation: the figures do not depend on the queue a placement chooses, nor on which other
 * flows share it; in reality a queue's pipeline sheds demultiplexing only when all its flows agree on
 * it. A flow or mechanism no embedding measured (e.g. a wildcard flow in a 5-tuple filter, or a flow
 * beyond a table's capacity) falls back to its unfiltered figure, and to {@link #NOMINAL} when no
 * embedding saw it at all.
 */
public final class EmbeddedCycles implements SoftwareCostTable {
    /** Fixed cycles for flows no embedding measured (see {@link SoftwareCostTable#fixed}). */
    public static final SoftwareCostTable NOMINAL = SoftwareCostTable.fixed(300, 150, 400, 60);

    private static final CostSpec NEUTRAL = CostSpecReader.read("{\"terms\": {\"balance\": 1}}");
    private static final List<Mechanism> FILTERS = List.of(Mechanism.FDIR, Mechanism.MATCH_ACTION, Mechanism.FIVETUPLE);

    private final Map<String, Long> unfiltered;
    private final Map<String, Long> filtered;
    private final Map<String, Long> fastPath;

    private EmbeddedCycles(Map<String, Long> unfiltered, Map<String, Long> filtered, Map<String, Long> fastPath) {
        this.unfiltered = Map.copyOf(unfiltered);
        this.filtered = Map.copyOf(filtered);
        this.fastPath = Map.copyOf(fastPath);
    }

    /**
     * Measures the workload's flows on {@code prg} restricted to {@code nic}'s queues.
     *
     * @param state the protocol state the workload was derived from (same flow ids)
     * @param lpgTemplate the host's LPG template (e.g. {@code Descriptions.graph("lpg")})
     */
    public static EmbeddedCycles derive(DataflowGraph prg, DataflowGraph lpgTemplate, ProtocolState state, NicModel nic,
                                        Workload workload) {
        return MEASURED.get(new Inputs(prg, lpgTemplate, state, nic, workload),
                in -> measureAll(prg, lpgTemplate, state, nic, workload));
    }

    /**
     * What a measurement is a function of: the graphs (immutable, compared by identity, since their value equality
     * walks every node), the protocol state, the NIC model and the workload (records, compared by value).
     */
    private record Inputs(DataflowGraph prg, DataflowGraph lpgTemplate, ProtocolState state, NicModel nic,
                          Workload workload) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Inputs other && prg == other.prg && lpgTemplate == other.lpgTemplate
                    && state.equals(other.state) && nic.equals(other.nic) && workload.equals(other.workload);
        }

        @Override
        public int hashCode() {
            return ((System.identityHashCode(prg) * 31 + System.identityHashCode(lpgTemplate)) * 31 + state.hashCode()) * 31
                    + nic.hashCode();
        }
    }

    /**
     * The measurements of the two most recent states (holding at most 20,000 flows in all): a retried or repeated
     * request measures the same state again, and each measurement is two or three embeddings, most of a 100-flow
     * plan's CPU time and allocation. Two, not more: an entry holds its whole state and workload, and under a stream
     * of new states every entry kept past the next young collection is copied and promoted: with 64 entries a busy
     * service paused 3.7 times as often (docs/PERFORMANCE.md, "HTTP service").
     */
    private static final RecentResults<Inputs, EmbeddedCycles> MEASURED =
            new RecentResults<>(2, 20_000, in -> in.state().flows().size());

    private static EmbeddedCycles measureAll(DataflowGraph prg, DataflowGraph lpgTemplate, ProtocolState state, NicModel nic,
                                             Workload workload) {
        CostModel model = CostModel.compile(nic, workload, NEUTRAL, NOMINAL);
        List<Placement> rss = new ArrayList<>();
        for (int i = 0; i < model.flowCount(); i++) {
            rss.add(model.unfiltered(i));
        }
        Map<String, Long> unfiltered = measure(prg, lpgTemplate, state, model, rss);
        Map<String, Long> filtered = Map.of();
        Map<String, Long> fast = Map.of();
        if (FILTERS.stream().anyMatch(m -> model.capacity(pool(m)) > 0 && nic.has(m))) {
            CostModel confined = CostModel.compile(nic, workload, rssOnQueueZero(nic.queues()), NOMINAL);
            List<Placement> filters = filterPlacements(confined, false);
            filtered = measure(prg, lpgTemplate, state, confined, filters);
            if (nic.fastPathSlots() > 0 && nic.has(Mechanism.MATCH_ACTION)) {
                // Without exact TCP flows the fast-path placements are the filtered ones, and so is
                // their embedding (it depends only on the configuration and flows): measured once.
                List<Placement> fastPlacements = filterPlacements(confined, true);
                fast = fastPlacements.equals(filters) ? filtered : measure(prg, lpgTemplate, state, confined, fastPlacements);
            }
        }
        return new EmbeddedCycles(unfiltered, filtered, fast);
    }

    @Override
    public long cyclesPerPacket(Flow flow, int queue, Mechanism mechanism, boolean onFastPath) {
        // Plain lookups, no Optional: the cost model asks per flow and candidate.
        Long measured = null;
        if (onFastPath) {
            measured = fastPath.get(flow.id());
        } else if (mechanism.isFilter()) {
            measured = filtered.get(flow.id());
        }
        if (measured == null) {
            measured = unfiltered.get(flow.id());
        }
        return measured != null ? measured : NOMINAL.cyclesPerPacket(flow, queue, mechanism, onFastPath);
    }

    /** Measured figures by flow id for the unfiltered path. */
    public Map<String, Long> unfiltered() {
        return unfiltered;
    }

    /** Measured figures by flow id for flows a filter steers. */
    public Map<String, Long> filtered() {
        return filtered;
    }

    /** Measured figures by flow id for flows on FlexTCP's fast path. */
    public Map<String, Long> fastPath() {
        return fastPath;
    }

    /** A specification whose RSS table points at queue 0 only (best effort on queue 0, gold on the rest). */
    private static CostSpec rssOnQueueZero(int queues) {
        if (queues == 1) {
            return NEUTRAL;
        }
        StringBuilder gold = new StringBuilder();
        for (int q = 1; q < queues; q++) {
            gold.append(q == 1 ? "" : ",").append(q);
        }
        return CostSpecReader.read("{\"terms\": {\"static\": {\"gold\": [" + gold + "], \"besteffort\": [0]}}}");
    }

    private static io.nicplan.optimizer.cost.Pool pool(Mechanism m) {
        return switch (m) {
            case FDIR -> io.nicplan.optimizer.cost.Pool.FDIR;
            case MATCH_ACTION -> io.nicplan.optimizer.cost.Pool.MATCH_ACTION;
            default -> io.nicplan.optimizer.cost.Pool.FIVETUPLE;
        };
    }

    /** Exact flows in the first filter with room, round-robin over queues 1..n-1; the rest unfiltered. */
    private static List<Placement> filterPlacements(CostModel model, boolean tcpOnFastPath) {
        Map<Mechanism, Integer> left = new EnumMap<>(Mechanism.class);
        for (Mechanism m : FILTERS) {
            left.put(m, model.nic().has(m) ? model.capacity(pool(m)) : 0);
        }
        int slots = model.nic().fastPathSlots();
        int queues = model.queues();
        int next = 0;
        List<Placement> out = new ArrayList<>();
        for (int i = 0; i < model.flowCount(); i++) {
            Flow f = model.flow(i);
            if (model.steeredByKey(i)) {
                // FlexNIC's key-value program steers it by its key, on its only placement
                out.add(model.unfiltered(i));
                continue;
            }
            int queue = queues == 1 ? 0 : 1 + next % (queues - 1);
            if (tcpOnFastPath && f.isExactTcp() && slots > 0 && left.get(Mechanism.MATCH_ACTION) > 0) {
                slots--;
                left.merge(Mechanism.MATCH_ACTION, -1, Integer::sum);
                out.add(new Placement(Mechanism.MATCH_ACTION, queue, true));
                next++;
                continue;
            }
            Optional<Mechanism> m = f.match().isExact()
                    ? FILTERS.stream().filter(x -> left.get(x) > 0 && model.nic().canHold(x, f.match())).findFirst() : Optional.empty();
            if (m.isPresent()) {
                left.merge(m.get(), -1, Integer::sum);
                out.add(new Placement(m.get(), queue, false));
                next++;
            } else {
                out.add(model.unfiltered(i));
            }
        }
        return out;
    }

    /**
     * Embeds {@code placements}' configuration (built from every flow, so each queue's hardware
     * guarantees are the real ones) but only for one representative flow per shape and queue: flows of
     * the same protocol, wildcard pattern, destination and receiving endpoint on the same queue take
     * the same path through that queue's pipeline, so they cost the same. This keeps an embedding's
     * work proportional to shapes times queues rather than to flows.
     */
    private static Map<String, Long> measure(DataflowGraph prg, DataflowGraph lpgTemplate, ProtocolState state, CostModel model,
                                             List<Placement> placements) {
        Configuration config = new Configuration(ConfigurationBuilder.build(model, placements));
        Map<String, io.nicplan.embed.state.Flow> byId = state.flowsById();
        Map<String, String> representativeOf = new HashMap<>();
        Map<String, io.nicplan.embed.state.Flow> representatives = new LinkedHashMap<>();
        for (int i = 0; i < model.flowCount(); i++) {
            io.nicplan.embed.state.Flow f = byId.get(model.flow(i).id());
            if (f == null) {
                continue;
            }
            String key = shape(f, state) + "@" + placements.get(i).queue() + "/" + placements.get(i).mechanism() + "/"
                    + placements.get(i).fastPath();
            representatives.putIfAbsent(key, f);
            representativeOf.put(f.id(), representatives.get(key).id());
        }
        ProtocolState reduced = state.withFlows(List.copyOf(representatives.values()));
        // Only the representatives' costs are read: a queue none of them lands on (queue 0 of the filtered
        // configuration, say, when every flow is in a filter) is not embedded.
        Embedding e = Embedder.standard().embed(prg, lpgTemplate, reduced, config, EmbeddingOptions.defaults().withFlowQueuesOnly());
        Map<String, Long> measured = new HashMap<>();
        for (QueueEmbedding q : e.queues()) {
            for (QueueEmbedding.FlowCost c : q.flows()) {
                // Receive and what the flow's packets make the host send (ACKs, replies), both in software.
                measured.merge(c.flow(), c.totalCycles(), Math::max);
            }
        }
        Map<String, Long> out = new HashMap<>();
        representativeOf.forEach((flow, rep) -> {
            Long cycles = measured.get(rep);
            if (cycles != null) {
                out.put(flow, cycles);
            }
        });
        return out;
    }

    private static String shape(io.nicplan.embed.state.Flow f, ProtocolState state) {
        return f.proto().symbol() + " " + f.src().address().isPresent() + ":" + f.src().port().isPresent() + " -> " + f.dst() + " "
                + Workloads.endpointOf(f, state.endpoints()).map(Endpoint::name).orElse("-");
    }
}
