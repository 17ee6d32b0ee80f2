package io.nicplan.optimizer;

import io.nicplan.embed.state.ProtocolState;
import io.nicplan.optimizer.baseline.GreedyPlanner;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.plan.FlowPlacement;
import io.nicplan.optimizer.plan.Plan;
import io.nicplan.optimizer.plan.PlanBuilder;
import io.nicplan.optimizer.plan.PlanDiff;
import io.nicplan.optimizer.plan.PlanVerifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Incremental re-planning: flows are added or removed against the installed plan. Flows that stay
 * keep their placements; new flows (and any whose old placement no longer fits) are placed greedily
 * against everything else, so the diff touches only what changed.
 */
public final class Replanner {
    private Replanner() {
    }

    /** A new plan and the table writes that lead to it from the current one. */
    public record Replan(Plan plan, PlanDiff diff) {
    }

    /** Adds {@code flows} to the request's workload, whose placements are {@code current}'s. */
    public static Replan add(Planner.Request request, Plan current, List<Flow> flows) {
        List<Flow> all = new ArrayList<>(request.workload().flows());
        all.addAll(flows);
        return replan(request.withWorkload(request.workload().withFlows(all)), current);
    }

    /** Removes the flows with these ids. */
    public static Replan remove(Planner.Request request, Plan current, Set<String> flowIds) {
        List<Flow> kept = request.workload().flows().stream().filter(f -> !flowIds.contains(f.id())).toList();
        return replan(request.withWorkload(request.workload().withFlows(kept)), current);
    }

    /**
     * Re-plans for {@code next}, the protocol state after flows were added or removed, starting from
     * {@code current}, the plan made for {@code request}. The request's measured cycles stay (new flows
     * cost the nominal figures); when the request came from a protocol state, the new plan is re-checked
     * against {@code next} with the embedder.
     */
    public static Replan replan(Planner.Request request, Plan current, ProtocolState next) {
        Planner.Request changed = request.withState(next);
        Replan replan = replan(changed, current);
        if (changed.source().isEmpty()) {
            return replan;
        }
        Plan verified = replan.plan().withVerification(PlanVerifier.verify(changed.source().get().prg(), next, replan.plan()));
        return new Replan(verified, replan.diff());
    }

    /**
     * The plan behind stored placements (e.g. a plan read back from JSON): the configuration, costs,
     * pipelines and explanation derived again for {@code request}. A flow without a stored placement
     * takes its unfiltered one (RSS or the default queue).
     *
     * @param strategy the strategy the placements came from, as the rebuilt plan reports it
     */
    public static Plan rebuild(Planner.Request request, List<FlowPlacement> placements, String strategy, long millis) {
        CostModel model = CostModel.compile(request.nic(), request.workload(), request.cost(), request.cycles(), Map.of(),
                Planner.rssPolicy(request.strategy()));
        Map<String, Placement> byFlow = new HashMap<>();
        for (FlowPlacement p : placements) {
            byFlow.put(p.flow(), placement(p));
        }
        List<Placement> ordered = new ArrayList<>();
        for (int i = 0; i < model.flowCount(); i++) {
            Placement p = byFlow.get(model.flow(i).id());
            ordered.add(p != null ? p : model.unfiltered(i));
        }
        return PlanBuilder.build(model, ordered, strategy, millis, request.explain());
    }

    private static Placement placement(FlowPlacement p) {
        return new Placement(p.mechanism(), p.queue() < 0 ? Placement.SPREAD : p.queue(), p.fastPath());
    }

    /** Plans the request's workload starting from {@code current}'s placements. */
    public static Replan replan(Planner.Request request, Plan current) {
        long t0 = System.nanoTime();
        Map<String, Placement> installed = new HashMap<>();
        for (FlowPlacement p : current.placements()) {
            installed.put(p.flow(), placement(p));
        }
        CostModel model = CostModel.compile(request.nic(), request.workload(), request.cost(), request.cycles(), installed,
                CostModel.RssPolicy.PLANNED);
        CostState state = new CostState(model);
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < model.flowCount(); i++) {
            Placement was = installed.get(model.flow(i).id());
            if (was != null && model.options(i).contains(was)) {
                // still a candidate: its filter, or its RSS queue (a chosen table's bucket keeps its queue)
                state.place(i, was);
            } else if (was != null && was.mechanism() == model.unfiltered(i).mechanism()) {
                state.place(i, model.unfiltered(i));
            } else {
                state.place(i, model.unfiltered(i));
                open.add(i);
            }
        }
        open.sort(java.util.Comparator.comparing((Integer i) -> !model.flow(i).isGold()).thenComparing(i -> -model.flow(i).pps()));
        for (int i : open) {
            GreedyPlanner.improve(state, i);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Plan plan = PlanBuilder.build(model, state.placements(), "incremental", millis, request.explain());
        return new Replan(plan, PlanDiff.between(current.configuration(), plan.configuration()));
    }
}
