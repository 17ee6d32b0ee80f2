package io.nicplan.optimizer.baseline;

import io.nicplan.optimizer.cost.Cost;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.domain.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Dragonet's own search, as its source runs it (BarrelfishOS/dragonet, Dragonet/lib/Dragonet/Search.hs:
 * {@code searchGreedyFlows} with the 82599 oracle {@code e10kFlowConfChanges}, in the form where
 * {@code allQueues nq = [1..(nq-1)]}), beside nicplan's {@link GreedyPlanner} (which starts every flow unfiltered and
 * offers every candidate):
 * <ul>
 * <li>flows are visited as Dragonet sorts them ({@code prioritySort}: gold flows first, each class in input order);
 *     the cost sees only the flows visited so far, as Dragonet's {@code QMap} holds only them;</li>
 * <li>each flow is offered one filter per queue 1..n-1 (never queue 0, the catch-all default queue): a five-tuple
 *     filter while the five-tuple table has room, then a flow-director filter (exact flows only); on a NIC without
 *     those tables (FlexNIC) its match-action table takes the five-tuple table's part;</li>
 * <li>the cheapest is kept, the first (lowest queue) on a tie, as Haskell's {@code minimumBy} keeps.</li>
 * </ul>
 * A flow is never left unfiltered while a table can take it. When none can (the five-tuple table is full and the
 * flow director is full or the flow has a wildcard), Dragonet's oracle offers nothing and its search stops with
 * "Oracle did not return any confs, bailing out"; this strategy instead leaves that flow on the NIC's unfiltered
 * path (the default queue, or RSS) and goes on, and {@link #unfiltered} counts such flows. Dragonet models IPv4 only;
 * an IPv6 flow is offered, in the same order, only the tables whose entries can match it
 * ({@link io.nicplan.optimizer.nic.NicModel#canHold}: the X710's flow director, FlexNIC's stages), and where the NIC
 * has none it takes the unfiltered path without being counted, since no table could ever take it.
 */
public final class DragonetPlanner {
    private DragonetPlanner() {
    }

    /** Dragonet's placements, flow i at index i. */
    public static List<Placement> plan(CostModel model) {
        return search(model).placements();
    }

    /** How many flows Dragonet's search could not filter (where its own search stops with an error). */
    public static int unfiltered(CostModel model) {
        return search(model).unfiltered();
    }

    private record Outcome(List<Placement> placements, int unfiltered) {
    }

    private static Outcome search(CostModel model) {
        CostState state = new CostState(model);
        int fiveTuple = room(model, Mechanism.FIVETUPLE);
        int fdir = room(model, Mechanism.FDIR);
        boolean matchActionTable = !model.nic().has(Mechanism.FIVETUPLE) && room(model, Mechanism.MATCH_ACTION) > 0;
        int matchAction = matchActionTable ? room(model, Mechanism.MATCH_ACTION) : 0;
        int unfiltered = 0;
        for (int i : GreedyPlanner.order(model)) {
            Flow f = model.flow(i);
            boolean fiveTupleHolds = model.nic().canHold(Mechanism.FIVETUPLE, f.match());
            boolean matchActionHolds = model.nic().canHold(Mechanism.MATCH_ACTION, f.match());
            boolean fdirHolds = model.nic().canHold(Mechanism.FDIR, f.match()) && f.match().isExact();
            boolean someTableCouldHold = (fiveTupleHolds && room(model, Mechanism.FIVETUPLE) > 0)
                    || (matchActionHolds && matchActionTable) || (fdirHolds && room(model, Mechanism.FDIR) > 0);
            if (f.match().ipv6() && !someTableCouldHold) {
                // No table of this NIC can match this IPv6 flow: not one of Dragonet's failures.
                state.place(i, model.unfiltered(i));
                continue;
            }
            Optional<Mechanism> table = fiveTuple > 0 && fiveTupleHolds ? Optional.of(Mechanism.FIVETUPLE)
                    : matchAction > 0 && matchActionHolds ? Optional.of(Mechanism.MATCH_ACTION)
                    : fdir > 0 && fdirHolds ? Optional.of(Mechanism.FDIR) : Optional.empty();
            if (table.isEmpty()) {
                state.place(i, model.unfiltered(i));
                unfiltered++;
                continue;
            }
            Placement best = null;
            Cost bestCost = null;
            for (int q : offeredQueues(model)) {
                Placement p = new Placement(table.get(), q, false);
                Cost c = state.costIf(i, p);
                if (best == null || c.betterThan(bestCost)) {
                    best = p;
                    bestCost = c;
                }
            }
            state.place(i, best);
            switch (table.get()) {
                case FIVETUPLE -> fiveTuple--;
                case FDIR -> fdir--;
                default -> matchAction--;
            }
        }
        return new Outcome(state.placements(), unfiltered);
    }

    /** Dragonet's {@code allQueues}: queues 1..n-1, every queue but the NIC's default (catch-all) queue. */
    static List<Integer> offeredQueues(CostModel model) {
        List<Integer> qs = new ArrayList<>();
        for (int q = 0; q < model.queues(); q++) {
            if (q != model.nic().defaultQueue()) {
                qs.add(q);
            }
        }
        return qs;
    }

    private static int room(CostModel model, Mechanism m) {
        return model.nic().has(m) ? model.nic().capacity(m) : 0;
    }
}
