package io.nicplan.optimizer.cost;

import io.nicplan.optimizer.domain.Placement;

/** A per-flow term: what flow {@code i} at placement {@code p} costs, summed over the flows. */
public interface LinearTerm extends Term {
    /** The value of flow {@code i} at {@code p}, in thousandths of the term's unit ({@link Term#SCALE}). */
    long value(CostModel model, int i, Placement p);

    /** The unit of a value, as a plan's explanation names it (e.g. "pps handed across cores"). */
    String unit();
}
