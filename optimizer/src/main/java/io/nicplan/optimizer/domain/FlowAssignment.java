package io.nicplan.optimizer.domain;

import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.HardRule;
import io.nicplan.optimizer.cost.Pool;
import io.nicplan.optimizer.cost.Term;
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
    private Placement placement;

    /** For the solver's cloner. */
    public FlowAssignment() {
    }

    public FlowAssignment(int index, CostModel model, Placement placement) {
        this.index = index;
        this.model = model;
        this.placement = placement;
    }

    /** The flow's candidate placements: its unfiltered path and every entry the NIC offers it. */
    @ValueRangeProvider(id = "placements")
    public List<Placement> getOptions() {
        return model.options(index);
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

    public Placement getPlacement() {
        return placement;
    }

    public void setPlacement(Placement placement) {
        this.placement = placement;
    }

    /** The queue of a directly steered flow; {@link Placement#SPREAD} for a spread one. */
    public int queue() {
        return placement.queue();
    }

    public boolean isSpread() {
        return placement.isSpread();
    }

    public boolean isGold() {
        return flow().isGold();
    }

    public long pps() {
        return flow().pps();
    }

    public long linear(Term term) {
        return model.linear(term, index, placement);
    }

    public boolean violates(HardRule rule) {
        return model.violates(rule, index, placement);
    }

    public boolean uses(Pool pool) {
        return CostModel.pools(placement).contains(pool);
    }

    public boolean usesAnyPool() {
        return placement.mechanism().isFilter();
    }

    /** Whether the flow's packets reach queue {@code q}. */
    public boolean lands(int q) {
        return placement.isSpread() ? model.rssQueues().contains(q) : placement.queue() == q;
    }

    /** The queues this flow puts load on: one, or every RSS queue when spread. */
    public List<QueueShare> shares() {
        if (!placement.isSpread()) {
            return List.of(new QueueShare(this, placement.queue(), false));
        }
        List<QueueShare> out = new ArrayList<>(model.rssQueues().size());
        for (int q : model.rssQueues()) {
            out.add(new QueueShare(this, q, true));
        }
        return out;
    }

    @Override
    public String toString() {
        return flow().id() + "=" + placement;
    }
}
