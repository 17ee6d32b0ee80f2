package io.nicplan.graph.predicate;

import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A condition over the header fields of one packet: the label of a port.
 *
 * <p>Atoms constrain a single {@link HeaderField}; {@link And}, {@link Or} and {@link Not}
 * combine them. Satisfiability, implication and equivalence are decided by
 * {@link PredicateLogic} with per-field bit-vector reasoning.
 *
 * <p>Code that walks predicates does it through a {@link Visitor}: one method per kind, so a new kind
 * fails to compile wherever it is not handled instead of falling through an {@code instanceof} chain.
 */
public sealed interface Predicate
        permits Predicate.True, Predicate.False, Predicate.Atom, Predicate.And, Predicate.Or, Predicate.Not {

    /** Calls the method of {@code visitor} for this predicate's kind. */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per kind of predicate, with no defaults: adding a kind to {@link Predicate} breaks the
     * build of every walker until it says what to do with it.
     *
     * <p>Why a visitor and not a {@code switch} over the sealed type: exhaustive pattern switches on
     * sealed interfaces are Java 21, and nicplan builds with Java 17, where a {@code switch} on a type
     * does not compile and an {@code instanceof} chain compiles whatever it misses. When the project
     * moves to Java 21, a pattern {@code switch} gives the same guarantee with less code.
     *
     * <p>Walkers over predicates that are built from user input (a path through thousands of filters)
     * keep their recursion depth independent of the input: the embedder builds such predicates shallow
     * (n-ary and balanced conjunctions), and walks that may still meet deep trees use
     * {@link PredicateWalk#postOrder} instead of recursion.
     *
     * @param <R> what the walk computes per predicate
     */
    interface Visitor<R> {
        R visitTrue(True p);

        R visitFalse(False p);

        R visitMasked(Masked p);

        R visitRange(Range p);

        R visitInSet(InSet p);

        R visitAnd(And p);

        R visitOr(Or p);

        R visitNot(Not p);
    }

    /** A predicate on one header field: {@link Masked}, {@link Range} or {@link InSet}. */
    sealed interface Atom extends Predicate permits Masked, Range, InSet {
        /** The field this atom constrains. */
        HeaderField field();

        /** Whether the atom holds when its field has value {@code v}. */
        boolean holdsAt(long v);
    }

    /** Holds for every packet. */
    record True() implements Predicate {
        @Override public <R> R accept(Visitor<R> visitor) { return visitor.visitTrue(this); }

        @Override public String toString() { return "true"; }
    }

    /** Holds for no packet. */
    record False() implements Predicate {
        @Override public <R> R accept(Visitor<R> visitor) { return visitor.visitFalse(this); }

        @Override public String toString() { return "false"; }
    }

    /** {@code field & mask == value}; with a full mask this is {@code field == value}. */
    record Masked(HeaderField field, long value, long mask) implements Atom {
        public Masked {
            Objects.requireNonNull(field, "field");
            if ((mask & ~field.fullMask()) != 0) {
                throw new IllegalArgumentException("mask 0x" + Long.toHexString(mask) + " wider than " + field + " (" + field.width() + " bits)");
            }
            if ((value & ~mask) != 0) {
                throw new IllegalArgumentException("value 0x" + Long.toHexString(value) + " has bits outside mask 0x" + Long.toHexString(mask) + " for " + field);
            }
        }

        public boolean isExact() {
            return mask == field.fullMask();
        }

        @Override
        public boolean holdsAt(long v) {
            return (v & mask) == value;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitMasked(this);
        }
    }

    /** {@code lo <= field <= hi}, unsigned, inclusive. */
    record Range(HeaderField field, long lo, long hi) implements Atom {
        public Range {
            Objects.requireNonNull(field, "field");
            if (lo < 0 || hi > field.maxValue() || lo > hi) {
                throw new IllegalArgumentException("bad range " + lo + ".." + hi + " for " + field + " (0.." + field.maxValue() + ")");
            }
        }

        @Override
        public boolean holdsAt(long v) {
            return v >= lo && v <= hi;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitRange(this);
        }
    }

    /** {@code field in {v1, v2, ...}}. */
    record InSet(HeaderField field, SortedSet<Long> values) implements Atom {
        public InSet {
            Objects.requireNonNull(field, "field");
            values = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(values));
            for (long v : values) {
                if (v < 0 || v > field.maxValue()) {
                    throw new IllegalArgumentException("value " + v + " out of range for " + field);
                }
            }
        }

        @Override
        public boolean holdsAt(long v) {
            return values.contains(v);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitInSet(this);
        }
    }

    /** Conjunction; the empty conjunction is true. */
    record And(List<Predicate> terms) implements Predicate {
        public And {
            terms = List.copyOf(terms);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitAnd(this);
        }
    }

    /** Disjunction; the empty disjunction is false. */
    record Or(List<Predicate> terms) implements Predicate {
        public Or {
            terms = List.copyOf(terms);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitOr(this);
        }
    }

    /** Negation. */
    record Not(Predicate term) implements Predicate {
        public Not {
            Objects.requireNonNull(term, "term");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitNot(this);
        }
    }

    Predicate TRUE = new True();
    Predicate FALSE = new False();

    static Predicate eq(HeaderField field, long value) {
        return new Masked(field, value, field.fullMask());
    }

    static Predicate masked(HeaderField field, long value, long mask) {
        return new Masked(field, value, mask);
    }

    static Predicate range(HeaderField field, long lo, long hi) {
        return new Range(field, lo, hi);
    }

    static Predicate in(HeaderField field, java.util.Collection<Long> values) {
        return new InSet(field, new TreeSet<>(values));
    }

    /** Conjunction that drops {@code true} terms and collapses to {@code false} on a {@code false} term. */
    static Predicate and(List<Predicate> terms) {
        return junction(terms, False.class, True.class, FALSE, TRUE, And::new);
    }

    /**
     * {@link #and} or {@link #or}: {@code absorbing} if a term is one, else the terms without the
     * {@code neutral} ones: {@code empty} if none is left, the term if one is, else {@code make} of them
     * (which copies them, so the list is copied only when a neutral term is dropped). Walks the terms
     * by index: callers pass array-backed lists, and these run for every path step.
     */
    private static Predicate junction(List<Predicate> terms, Class<? extends Predicate> absorbing, Class<? extends Predicate> neutral,
                                      Predicate absorbed, Predicate empty, java.util.function.Function<List<Predicate>, Predicate> make) {
        int kept = 0;
        for (int i = 0; i < terms.size(); i++) {
            Predicate p = terms.get(i);
            if (absorbing.isInstance(p)) {
                return absorbed;
            }
            if (!neutral.isInstance(p)) {
                kept++;
            }
        }
        if (kept == terms.size()) {
            return kept == 0 ? empty : kept == 1 ? terms.get(0) : make.apply(terms);
        }
        List<Predicate> out = new java.util.ArrayList<>(kept);
        for (int i = 0; i < terms.size(); i++) {
            if (!neutral.isInstance(terms.get(i))) {
                out.add(terms.get(i));
            }
        }
        return kept == 0 ? empty : kept == 1 ? out.get(0) : make.apply(out);
    }

    static Predicate and(Predicate... terms) {
        return and(List.of(terms));
    }

    /** Disjunction that drops {@code false} terms and collapses to {@code true} on a {@code true} term. */
    static Predicate or(List<Predicate> terms) {
        return junction(terms, True.class, False.class, TRUE, FALSE, Or::new);
    }

    static Predicate or(Predicate... terms) {
        return or(List.of(terms));
    }

    static Predicate not(Predicate term) {
        if (term instanceof True) {
            return FALSE;
        }
        if (term instanceof False) {
            return TRUE;
        }
        if (term instanceof Not n) {
            return n.term();
        }
        return new Not(term);
    }
}
