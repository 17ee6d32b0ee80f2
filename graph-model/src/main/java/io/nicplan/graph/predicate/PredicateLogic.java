package io.nicplan.graph.predicate;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides satisfiability, implication, equivalence and disjointness of {@link Predicate}s by
 * per-field set reasoning, with no SMT solver and no enumeration of atom assignments.
 *
 * <p><b>How.</b> A predicate is turned into a {@link HeaderSpace}: a union of boxes, each box one exact
 * value set per constrained field (sorted intervals; value/mask ternaries for masks that intervals
 * describe badly). Negation is pushed down to atoms, where the complement of a field set is exact
 * and still one box. Conjunctions fold all their atoms into one box first, intersect disjunctive
 * terms next and subtract negated conjunctions last (a negated 5-tuple filter is subtracted as one box
 * instead of being expanded into five). {@code implies(a, b)} asks whether {@code a && !b} is empty.
 *
 * <p><b>Cost.</b> Let {@code n} be the number of atoms, {@code w <= 48} a field width, {@code F = 23}
 * the number of fields, and {@code B} the number of boxes alive during the evaluation.
 * <ul>
 *   <li>Conjunctions of atoms (a 5-tuple filter, a port predicate): one box, {@code O(n)} merges of
 *       interval lists; {@code !=} and {@code !(f in ...)} are complements of interval lists, same cost.</li>
 *   <li>Filter-chain paths {@code !f1 && ... && !fk && fi}: the atoms of {@code fi} form one box and each
 *       {@code fj} would be subtracted as one box; a filter with a literal that excludes the box (it
 *       fixes some field to another value) is skipped after a few comparisons, without building
 *       anything, so the typical cost is {@code O(k)}. The default path {@code !f1 && ... && !fk} on its
 *       own grows by at most {@code F} disjoint boxes per filter that overlaps the rest,
 *       {@code O(k^2 * F)} for exact 5-tuple filters.</li>
 *   <li>Worst case: {@code B} can grow exponentially in the number of negated multi-field
 *       conjunctions or conjoined multi-field disjunctions that overlap each other (satisfiability of
 *       such formulas is NP-complete already for 1-bit fields), and a field set in ternary form can grow
 *       exponentially in its number of masks. Unions are compacted as they grow (boxes equal but for one
 *       field are merged), which keeps realistic NIC predicates small.</li>
 * </ul>
 * All methods are thread-safe (no shared state). For many questions over the same predicates,
 * convert them once with {@link HeaderSpace#of(Predicate)} and combine the spaces.
 */
public final class PredicateLogic {

    private PredicateLogic() {
    }

    /** Whether some packet satisfies {@code p}. */
    public static boolean satisfiable(Predicate p) {
        return !HeaderSpace.of(p).isEmpty();
    }

    /** Whether every packet satisfies {@code p}. */
    public static boolean valid(Predicate p) {
        return HeaderSpace.of(new Predicate.Not(p)).isEmpty();
    }

    /** Whether every packet that satisfies {@code a} satisfies {@code b}. */
    public static boolean implies(Predicate a, Predicate b) {
        return new SpaceCompiler().eval(difference(a, b), false).isEmpty();
    }

    /** Whether {@code a} and {@code b} hold for exactly the same packets. */
    public static boolean equivalent(Predicate a, Predicate b) {
        SpaceCompiler c = new SpaceCompiler();
        return c.eval(difference(a, b), false).isEmpty() && c.eval(difference(b, a), false).isEmpty();
    }

    /** Whether no packet satisfies both {@code a} and {@code b}. */
    public static boolean disjoint(Predicate a, Predicate b) {
        return HeaderSpace.of(new Predicate.And(List.of(a, b))).isEmpty();
    }

    /** A packet that satisfies {@code p}, if there is one. */
    public static Optional<PacketFields> witness(Predicate p) {
        return HeaderSpace.of(p).witness();
    }

    /** A packet that satisfies {@code a} but not {@code b}; empty exactly when {@code a} implies {@code b}. */
    public static Optional<PacketFields> counterexample(Predicate a, Predicate b) {
        return new SpaceCompiler().eval(difference(a, b), false).witness();
    }

    /**
     * An equivalent predicate that is no larger than {@code p}: {@code true} or {@code false} when
     * {@code p} is constant, otherwise the disjunction of per-field atoms read off its header space when
     * that is smaller than {@code p}. Costs one conversion to a header space plus, for spaces of at
     * most 64 boxes, one complement (to recognise predicates that always hold).
     */
    public static Predicate simplify(Predicate p) {
        if (p instanceof Predicate.True || p instanceof Predicate.False) {
            return p;
        }
        HeaderSpace s = HeaderSpace.of(p);
        if (s.isEmpty()) {
            return Predicate.FALSE;
        }
        if (s.boxCount() <= 64 && s.isAll()) {
            return Predicate.TRUE;
        }
        Predicate rebuilt = s.toPredicate();
        return size(rebuilt) < size(p) ? rebuilt : p;
    }

    /** Evaluates {@code p} on one packet by walking the predicate; see {@link CompiledPredicate} for a faster form. */
    public static boolean test(Predicate p, PacketFields packet) {
        return p.accept(new Tester(packet));
    }

    /** The reference evaluation: each kind decides from its terms' values. */
    private record Tester(PacketFields packet) implements Predicate.Visitor<Boolean> {
        @Override
        public Boolean visitTrue(Predicate.True p) {
            return true;
        }

        @Override
        public Boolean visitFalse(Predicate.False p) {
            return false;
        }

        @Override
        public Boolean visitMasked(Predicate.Masked p) {
            return p.holdsAt(packet.get(p.field()));
        }

        @Override
        public Boolean visitRange(Predicate.Range p) {
            return p.holdsAt(packet.get(p.field()));
        }

        @Override
        public Boolean visitInSet(Predicate.InSet p) {
            return p.holdsAt(packet.get(p.field()));
        }

        @Override
        public Boolean visitAnd(Predicate.And p) {
            for (Predicate t : p.terms()) {
                if (!t.accept(this)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Boolean visitOr(Predicate.Or p) {
            for (Predicate t : p.terms()) {
                if (t.accept(this)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Boolean visitNot(Predicate.Not p) {
            return !p.term().accept(this);
        }
    }

    /** The fields {@code p} mentions, in declaration order. */
    public static Set<HeaderField> fields(Predicate p) {
        Set<HeaderField> out = EnumSet.noneOf(HeaderField.class);
        for (Predicate q : PredicateWalk.postOrder(p)) {
            if (q instanceof Predicate.Atom a) {
                out.add(a.field());
            }
        }
        return out;
    }

    /** Number of nodes of the predicate tree (a set counts as one node), saturating at {@link Integer#MAX_VALUE}. */
    public static int size(Predicate p) {
        return (int) Math.min(Integer.MAX_VALUE, PredicateWalk.treeSize(p));
    }

    private static Predicate difference(Predicate a, Predicate b) {
        List<Predicate> terms = new ArrayList<>(2);
        terms.add(a);
        terms.add(new Predicate.Not(b));
        return new Predicate.And(terms);
    }
}
