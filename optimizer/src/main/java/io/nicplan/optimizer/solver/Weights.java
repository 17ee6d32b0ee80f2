package io.nicplan.optimizer.solver;

import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.LinearTerm;
import io.nicplan.optimizer.cost.Term;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Problem fact: the weight of every term in use, joined by the term constraints so weights reach the constraint
 * streams as data (a term needs no field or constraint of its own here). Terms weighted zero are left out, so they
 * cost no stream work at all.
 */
public final class Weights {
    private final Map<Term, Long> weights = new IdentityHashMap<>();
    private final LinearTerm[] linear;
    private final long[] linearWeight;

    private Weights(CostModel model) {
        List<LinearTerm> lin = new ArrayList<>();
        List<Long> lw = new ArrayList<>();
        for (Term t : model.terms()) {
            long w = model.spec().weight(t);
            if (w > 0) {
                weights.put(t, w);
                if (t instanceof LinearTerm) {
                    lin.add((LinearTerm) t);
                    lw.add(w);
                }
            }
        }
        this.linear = lin.toArray(new LinearTerm[0]);
        this.linearWeight = lw.stream().mapToLong(Long::longValue).toArray();
    }

    /** The weights of {@code model}'s specification. */
    public static Weights of(CostModel model) {
        return new Weights(model);
    }

    /** A term's weight; 0 when it is not in use. */
    public long of(Term term) {
        return weights.getOrDefault(term, 0L);
    }

    /** Whether some per-flow term has a positive weight. */
    public boolean hasLinear() {
        return linear.length > 0;
    }

    /** What the flow's placement costs through every weighted per-flow term: the sum of weight times value. */
    public long linearCost(FlowAssignment a) {
        long sum = 0;
        for (int k = 0; k < linear.length; k++) {
            sum += linearWeight[k] * a.linear(linear[k]);
        }
        return sum;
    }

    /** Each weighted per-flow term's charge for the flow, where not zero (for a plan's explanation). */
    public List<Justifications.FlowTerm> linearCharges(FlowAssignment a) {
        List<Justifications.FlowTerm> out = new ArrayList<>();
        for (int k = 0; k < linear.length; k++) {
            long v = a.linear(linear[k]);
            if (v > 0) {
                out.add(new Justifications.FlowTerm(linear[k].jsonName(), a.flow().id(), a.getPlacement().toString(), v,
                        linear[k].unit(), linearWeight[k] * v));
            }
        }
        return out;
    }
}
