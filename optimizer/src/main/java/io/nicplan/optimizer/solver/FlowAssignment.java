package io.nicplan.optimizer.solver;

import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.Placement;

import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.HardRule;
import io.nicplan.optimizer.cost.Pool;
import io.nicplan.optimizer.cost.SpreadScope;
import io.nicplan.optimizer.cost.LinearTerm;
import java.util.ArrayList;
import java.util.List;
import org.optaplanner.core.api.domain.entity.PlanningEntity;
import org.optaplanner.core.api.domain.lookup.PlanningId;
import org.optaplanner.core.api.domain.valuerange.ValueRangeProvider;
import org.optaplanner.core.api.domain.variable.PlanningVariable;

/** Planning entity: one flow and the placement the solver gives it (from the flow's own candidates). */
@PlanningEntity
public class FlowAssignment {
    @PlanningId
    private Integer index;
    private CostModel model;
    @PlanningVariable(valueRangeProviderRefs = "placements")
    private Placement choice;

    /** For the solver's cloner. */
    public FlowAssignment() {
    }

    public FlowAssignment(int index, CostModel model, Placement placement) {
        this.index = index;
        this.model = model;
        this.choice = placement == null || !placement.equals(model.unfiltered(index)) ? placement : Placement.UNFILTERED;
    }

    /**
     * The flow's candidates: {@link Placement#UNFILTERED} (its RSS or default path) and every entry the
     * NIC offers it.
     */
    @ValueRangeProvider(id = "placements")
    public List<Placement> getOptions() {
        return model.choices(index);
    }

    public int index() {
        return index;
    }

    public CostModel model() {
        return model;
    }

    public Flow flow() {
        return model.flow(index);
    }

    public Placement getChoice() {
        return choice;
    }

    public void setChoice(Placement choice) {
        this.choice = choice;
    }

    /** The placement the choice stands for (the unfiltered choice resolved for this flow); null if unassigned. */
    public Placement getPlacement() {
        return choice == Placement.UNFILTERED ? model.unfiltered(index) : choice;
    }

    /** The queue of a directly steered flow; {@link Placement#SPREAD} for a spread one. */
    public int queue() {
        return getPlacement().queue();
    }

    public boolean isSpread() {
        return getPlacement().isSpread();
    }

    public boolean isGold() {
        return flow().isGold();
    }

    public long pps() {
        return flow().pps();
    }

    public long linear(LinearTerm term) {
        return model.linear(term, index, getPlacement());
    }

    public boolean violates(HardRule rule) {
        return model.violates(rule, index, getPlacement());
    }

    public boolean uses(Pool pool) {
        return CostModel.pools(getPlacement()).contains(pool);
    }

    public boolean usesAnyPool() {
        return getPlacement().mechanism().isFilter();
    }

    /** Whether the flow's packets reach queue {@code q}. */
    public boolean lands(int q) {
        return getPlacement().isSpread() ? model.rssQueues().contains(q) : getPlacement().queue() == q;
    }

    /** Whether the flow's packets reach a queue that {@code scope} balances. */
    public boolean landsOnAny(SpreadScope scope) {
        if (!getPlacement().isSpread()) {
            return scope.balances(getPlacement().queue());
        }
        for (int q : model.rssQueues()) {
            if (scope.balances(q)) {
                return true;
            }
        }
        return false;
    }

    /** The queues this flow puts load on: one, or every RSS queue when spread. */
    public List<QueueShare> shares() {
        if (!getPlacement().isSpread()) {
            return List.of(new QueueShare(this, getPlacement().queue(), false));
        }
        List<QueueShare> out = new ArrayList<>(model.rssQueues().size());
        for (int q : model.rssQueues()) {
            out.add(new QueueShare(this, q, true));
        }
        return out;
    }

    @Override
    public String toString() {
        return flow().id() + "=" + getPlacement();
    }

    /** One flow-count term's charge for a whole plan, with the term itself (whose weight the constraint joins). */
    record CountTermCharge(io.nicplan.optimizer.cost.QueueCountTerm term, Justifications.CountCharge charge) {
    }

    /** Every flow-count term's charge for the placed flows {@code assignments} (all of one model). */
    static List<CountTermCharge> countCharges(List<FlowAssignment> assignments) {
        CostModel m = assignments.get(0).model();
        Placement[] placed = new Placement[m.flowCount()];
        for (FlowAssignment a : assignments) {
            placed[a.index()] = a.getPlacement();
        }
        io.nicplan.optimizer.cost.QueueCounts counts = io.nicplan.optimizer.cost.QueueCounts.of(m, java.util.Arrays.asList(placed));
        List<CountTermCharge> out = new java.util.ArrayList<>();
        for (io.nicplan.optimizer.cost.QueueCountTerm t : m.countTerms()) {
            io.nicplan.optimizer.cost.QueueCountTerm.Charge c = t.charge(m, counts);
            out.add(new CountTermCharge(t, new Justifications.CountCharge(t.jsonName(), c.reject(), c.value())));
        }
        return out;
    }
}
