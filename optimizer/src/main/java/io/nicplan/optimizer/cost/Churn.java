package io.nicplan.optimizer.cost;

import io.nicplan.optimizer.domain.Placement;

/**
 * Table entries written for a flow compared with the installed plan: its steering entry when it moves (or is new
 * and filtered), its fast-path slot when that comes, goes or moves queue.
 */
final class Churn implements LinearTerm {
    @Override
    public String jsonName() {
        return "churn";
    }

    @Override
    public String unit() {
        return "table entries written";
    }

    @Override
    public long value(CostModel model, int i, Placement p) {
        return Term.SCALE * writes(model.currentPlacement(model.flow(i).id()).orElse(null), p);
    }

    private static long writes(Placement was, Placement p) {
        if (was == null) {
            return (p.mechanism().isFilter() ? 1 : 0) + (p.fastPath() ? 1 : 0);
        }
        long writes = 0;
        boolean entryMoved = was.mechanism() != p.mechanism() || was.queue() != p.queue();
        if (entryMoved && (was.mechanism().isFilter() || p.mechanism().isFilter())) {
            writes++;
        }
        if (was.fastPath() != p.fastPath() || (p.fastPath() && was.queue() != p.queue())) {
            writes++;
        }
        return writes;
    }
}
