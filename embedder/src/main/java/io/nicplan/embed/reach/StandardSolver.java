package io.nicplan.embed.reach;

import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.PacketFields;
import io.nicplan.graph.predicate.Predicate;
import io.nicplan.graph.predicate.PredicateLogic;
import java.util.Optional;

/** nicplan's own predicate reasoning ({@link PredicateLogic}: per-field sets, no SMT solver) as a {@link Solver}. */
public final class StandardSolver implements Solver {
    public static final StandardSolver INSTANCE = new StandardSolver();
    private static final HeaderField[] FIELDS = HeaderField.values();

    private StandardSolver() {
    }

    @Override
    public boolean satisfiable(Predicate p) {
        return PredicateLogic.satisfiable(p);
    }

    @Override
    public boolean implies(Predicate a, Predicate b) {
        return PredicateLogic.implies(a, b);
    }

    @Override
    public boolean providesWitnesses() {
        return true;
    }

    @Override
    public Optional<long[]> witness(Predicate p) {
        return PredicateLogic.witness(p).map(StandardSolver::fields);
    }

    private static long[] fields(PacketFields packet) {
        long[] out = new long[FIELDS.length];
        for (HeaderField f : FIELDS) {
            out[f.ordinal()] = packet.get(f);
        }
        return out;
    }
}
