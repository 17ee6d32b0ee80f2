package io.nicplan.optimizer.baseline;

import io.nicplan.optimizer.cost.Cost;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.domain.Placement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Dragonet's greedy search: every flow starts on the NIC's unfiltered path; then, gold flows first and
 * otherwise in input order, each flow takes the candidate with the lowest cost given all the others
 * (ties keep the earlier candidate: the unfiltered path, then 5-tuple, then flow-director entries).
 * Its result depends on the flow order, which is what the optimizer improves on.
 */
public final class GreedyPlanner {
    private GreedyPlanner() {
    }

    /** The greedy placements, flow i at index i, in Dragonet's order. */
    public static List<Placement> plan(CostModel model) {
        return plan(model, order(model));
    }

    /** The greedy placements, visiting flows in the given order. */
    public static List<Placement> plan(CostModel model, List<Integer> order) {
        CostState state = new CostState(model);
        for (int i = 0; i < model.flowCount(); i++) {
            state.place(i, model.unfiltered(i));
        }
        for (int i : order) {
            improve(state, i);
        }
        return state.placements();
    }

    /**
     * Gold first, then the heaviest flows first: the order of the longest-processing-time rule for
     * spreading unequal loads, which the optimizer's construction uses next to Dragonet's order.
     */
    public static List<Integer> heavyFirst(CostModel model) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < model.flowCount(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> !model.flow(i).isGold()).thenComparing(i -> -model.flow(i).pps()));
        return order;
    }

    /** Flow indices, gold first, otherwise in input order. */
    public static List<Integer> order(CostModel model) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < model.flowCount(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> !model.flow(i).isGold()));
        return order;
    }

    /** Moves flow {@code i} to its cheapest candidate given the rest of {@code state}. */
    public static void improve(CostState state, int i) {
        Placement best = state.placement(i);
        Cost bestCost = state.cost();
        for (Placement p : state.model().options(i)) {
            Cost c = state.costIf(i, p);
            if (c.betterThan(bestCost)) {
                best = p;
                bestCost = c;
            }
        }
        state.place(i, best);
    }
}
