package io.nicplan.optimizer.solver;

import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.LinearTerm;
import io.nicplan.optimizer.cost.Term;
import java.util.ArrayList;
import java.util.List;

/**
 * Problem fact: the weight of one term in use, joined by the term constraints so weights reach the constraint
 * streams as data (a term needs no field or constraint of its own here). Only terms with a positive weight get
 * one, so a term weighted zero costs no stream work at all.
 */
public record Weights(Term term, long weight) {

    /** One fact per term of {@code model} with a positive weight. */
    public static List<Weights> of(CostModel model) {
        List<Weights> out = new ArrayList<>();
        for (Term t : model.terms()) {
            long w = model.spec().weight(t);
            if (w > 0) {
                out.add(new Weights(t, w));
            }
        }
        return out;
    }

    public boolean isLinear() {
        return term instanceof LinearTerm;
    }

    /** The term as a per-flow term (only when {@link #isLinear()}). */
    public LinearTerm linear() {
        return (LinearTerm) term;
    }
}
