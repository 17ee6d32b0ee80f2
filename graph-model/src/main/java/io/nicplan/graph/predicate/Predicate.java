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
 */
public sealed interface Predicate
        permits Predicate.True, Predicate.False, Predicate.Masked, Predicate.Range, Predicate.InSet,
                Predicate.And, Predicate.Or, Predicate.Not {

    /** Holds for every packet. */
    record True() implements Predicate {
        @Override public String toString() { return "true"; }
    }

    /** Holds for no packet. */
    record False() implements Predicate {
        @Override public String toString() { return "false"; }
    }

    /** {@code field & mask == value}; with a full mask this is {@code field == value}. */
    record Masked(HeaderField field, long value, long mask) implements Predicate {
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
    }

    /** {@code lo <= field <= hi}, unsigned, inclusive. */
    record Range(HeaderField field, long lo, long hi) implements Predicate {
        public Range {
            Objects.requireNonNull(field, "field");
            if (lo < 0 || hi > field.maxValue() || lo > hi) {
                throw new IllegalArgumentException("bad range " + lo + ".." + hi + " for " + field + " (0.." + field.maxValue() + ")");
            }
        }
    }

    /** {@code field in {v1, v2, ...}}. */
    record InSet(HeaderField field, SortedSet<Long> values) implements Predicate {
        public InSet {
            Objects.requireNonNull(field, "field");
            values = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(values));
            for (long v : values) {
                if (v < 0 || v > field.maxValue()) {
                    throw new IllegalArgumentException("value " + v + " out of range for " + field);
                }
            }
        }
    }

    /** Conjunction; the empty conjunction is true. */
    record And(List<Predicate> terms) implements Predicate {
        public And {
            terms = List.copyOf(terms);
        }
    }

    /** Disjunction; the empty disjunction is false. */
    record Or(List<Predicate> terms) implements Predicate {
        public Or {
            terms = List.copyOf(terms);
        }
    }

    /** Negation. */
    record Not(Predicate term) implements Predicate {
        public Not {
            Objects.requireNonNull(term, "term");
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
        List<Predicate> kept = new java.util.ArrayList<>();
        for (Predicate p : terms) {
            if (p instanceof False) {
                return FALSE;
            }
            if (!(p instanceof True)) {
                kept.add(p);
            }
        }
        return kept.isEmpty() ? TRUE : kept.size() == 1 ? kept.get(0) : new And(kept);
    }

    static Predicate and(Predicate... terms) {
        return and(List.of(terms));
    }

    /** Disjunction that drops {@code false} terms and collapses to {@code true} on a {@code true} term. */
    static Predicate or(List<Predicate> terms) {
        List<Predicate> kept = new java.util.ArrayList<>();
        for (Predicate p : terms) {
            if (p instanceof True) {
                return TRUE;
            }
            if (!(p instanceof False)) {
                kept.add(p);
            }
        }
        return kept.isEmpty() ? FALSE : kept.size() == 1 ? kept.get(0) : new Or(kept);
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
