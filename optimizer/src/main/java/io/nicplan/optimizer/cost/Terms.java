package io.nicplan.optimizer.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The terms a cost specification may name, in the order plans list them. {@link #standard()} is the one list of
 * nicplan's terms; registering a new term is adding it there (tests add their own through {@link #with}).
 */
final class Terms {
    private static final Terms STANDARD = new Terms(List.of(Term.BALANCE, Term.BALANCE_BY_RATE, Term.PRIORITY, Term.STATIC,
            Term.SOFTWARE_CYCLES, Term.CROSS_CORE, Term.FAST_PATH, Term.CHURN, Term.DRAGONET_BALANCE, Term.DRAGONET_PRIORITY));

    private final List<Term> all;

    private Terms(List<Term> all) {
        for (int i = 0; i < all.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (all.get(i).jsonName().equals(all.get(j).jsonName())) {
                    throw new IllegalArgumentException("two terms are named '" + all.get(i).jsonName() + "'");
                }
            }
        }
        this.all = List.copyOf(all);
    }

    /** nicplan's terms. */
    public static Terms standard() {
        return STANDARD;
    }

    /** These terms and {@code more} after them. */
    public Terms with(Term... more) {
        List<Term> out = new ArrayList<>(all);
        out.addAll(List.of(more));
        return new Terms(out);
    }

    public List<Term> all() {
        return all;
    }

    public Optional<Term> byJsonName(String name) {
        return all.stream().filter(t -> t.jsonName().equals(name)).findFirst();
    }

    public List<String> names() {
        return all.stream().map(Term::jsonName).toList();
    }

    /** Where a term sorts: its place in the standard list, after them all when it is not there. */
    static int rank(Term term) {
        int i = STANDARD.all.indexOf(term);
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
