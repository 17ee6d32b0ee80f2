package io.nicplan.optimizer.solver;

import io.nicplan.optimizer.cost.CostModel;

/** Problem fact: one receive queue, with the model that knows its limits. */
public record QueueFact(int id, CostModel model) {

    public long flowsExcess(long flows) {
        return model.flowsExcess(flows);
    }

    public long ppsExcess(long pps) {
        return model.ppsExcess(pps);
    }

    public int goldCap() {
        return model.goldCap(id);
    }

    @Override
    public String toString() {
        return "queue " + id;
    }
}
