package io.nicplan.optimizer.plan;

import io.nicplan.embed.Embedder;
import io.nicplan.embed.classify.FlowPlacements;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.config.ConfigValue;
import io.nicplan.optimizer.memo.RecentResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Re-checks a plan with the embedder: applies the plan's configuration to the PRG, classifies every
 * flow of the state, and compares with the plan's placements. A placement with a queue must be the
 * one queue the embedder finds; a spread placement (queue -1, RSS over a wildcard flow) must reach
 * only queues of the plan's RSS table.
 */
public final class PlanVerifier {
    private PlanVerifier() {
    }

    /** The verdict for {@code plan} on {@code prg}; {@code state} holds the flows the plan placed (same ids). */
    public static Verification verify(DataflowGraph prg, ProtocolState state, Plan plan) {
        return VERIFIED.get(new Inputs(prg, state, plan.configuration(), plan.placements()),
                in -> check(prg, state, plan));
    }

    /** What a verdict is a function of: the graph (by identity), the state, the plan's configuration and placements. */
    private record Inputs(DataflowGraph prg, ProtocolState state, Map<String, ConfigValue> configuration,
                          List<FlowPlacement> placements) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Inputs other && prg == other.prg && state.equals(other.state)
                    && configuration.equals(other.configuration) && placements.equals(other.placements);
        }

        @Override
        public int hashCode() {
            return (System.identityHashCode(prg) * 31 + state.hashCode()) * 31 + placements.hashCode();
        }
    }

    /**
     * Verdicts on the two most recent plans (whose states hold at most 20,000 flows in all): a repeated request's plan
     * is the same, and its check (configuring the PRG and compiling its classifier) is most of what a greedy plan's
     * search allocates. Two, not more: an entry holds its whole state, and under a stream of new states every entry
     * kept past the next young collection is copied and promoted: with 64 entries a busy service paused 3.7
     * times as often (docs/PERFORMANCE.md, "HTTP service").
     */
    private static final RecentResults<Inputs, Verification> VERIFIED =
            new RecentResults<>(2, 20_000, in -> in.state().flows().size());

    private static Verification check(DataflowGraph prg, ProtocolState state, Plan plan) {
        FlowPlacements placements = Embedder.standard().place(prg, state, new Configuration(plan.configuration()));
        Set<Integer> rssQueues = rssQueues(plan);
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (FlowPlacement p : plan.placements()) {
            Optional<io.nicplan.embed.classify.Placement> found = placements.placement(p.flow());
            checked++;
            if (found.isEmpty()) {
                mismatches.add("flow " + p.flow() + ": not in the protocol state");
                continue;
            }
            List<Integer> queues = found.get().queues();
            if (p.queue() >= 0) {
                if (!queues.equals(List.of(p.queue()))) {
                    mismatches.add("flow " + p.flow() + ": planned on queue " + p.queue() + " by " + p.mechanism().jsonName()
                            + ", the embedder classifies it to " + describe(queues));
                }
            } else if (queues.isEmpty() || !rssQueues.containsAll(queues)) {
                mismatches.add("flow " + p.flow() + ": planned spread by RSS over " + rssQueues + ", the embedder classifies it to "
                        + describe(queues));
            }
        }
        return new Verification(checked, mismatches);
    }

    private static String describe(List<Integer> queues) {
        if (queues.isEmpty()) {
            return "no queue (dropped)";
        }
        return queues.size() == 1 ? "queue " + queues.get(0) : "queues " + queues;
    }

    /** The queues the plan's RSS table names (empty when the plan configures no RSS). */
    private static Set<Integer> rssQueues(Plan plan) {
        Set<Integer> out = new TreeSet<>();
        plan.configuration().values().forEach(v -> {
            if (v instanceof io.nicplan.graph.config.ConfigValue.TupleValue t) {
                t.field("table").ifPresent(table -> {
                    if (table instanceof io.nicplan.graph.config.ConfigValue.ListValue l) {
                        l.elements().forEach(e -> {
                            if (e instanceof io.nicplan.graph.config.ConfigValue.IntValue i) {
                                out.add((int) i.value());
                            }
                        });
                    }
                });
            }
        });
        return out;
    }
}
