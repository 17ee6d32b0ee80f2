package io.nicplan.graph.predicate;

import java.util.Arrays;
import java.util.List;

/**
 * A product set of packets: one {@link FieldSet} per constrained field, every other field free.
 * A box is never empty: every constrained field has at least one value.
 */
final class Box {
    static final HeaderField[] FIELDS = HeaderField.values();

    static {
        // constrained fields are a bit mask in one long
        if (FIELDS.length > Long.SIZE) {
            throw new IllegalStateException("more than 64 header fields: " + FIELDS.length);
        }
    }

    static final Box UNIVERSE = new Box(new FieldSet[FIELDS.length], 0L);

    /** Field sets by {@link HeaderField#ordinal()}; null where the field is free. */
    private final FieldSet[] sets;
    /** Bit i set when field i is constrained. */
    final long constrained;
    private int hash;

    private Box(FieldSet[] sets, long constrained) {
        this.sets = sets;
        this.constrained = constrained;
    }

    /** A box constraining one field, or null when the set is empty. */
    static Box of(HeaderField field, FieldSet set) {
        if (set.isEmpty()) {
            return null;
        }
        if (set.isFull()) {
            return UNIVERSE;
        }
        FieldSet[] s = new FieldSet[FIELDS.length];
        s[field.ordinal()] = set;
        return new Box(s, 1L << field.ordinal());
    }

    /** The box of per-field sets (null or full: free), taking ownership of the array; null when a set is empty. */
    static Box ofSets(FieldSet[] sets) {
        long c = 0;
        for (int i = 0; i < sets.length; i++) {
            FieldSet s = sets[i];
            if (s == null) {
                continue;
            }
            if (s.isEmpty()) {
                return null;
            }
            if (s.isFull()) {
                sets[i] = null;
            } else {
                c |= 1L << i;
            }
        }
        return c == 0 ? UNIVERSE : new Box(sets, c);
    }

    /** The set of field {@code i}, or null when free. */
    FieldSet get(int i) {
        return sets[i];
    }

    /** The set of field {@code i}, the full set when free. */
    FieldSet getOrFull(int i) {
        FieldSet s = sets[i];
        return s != null ? s : FieldSet.full(FIELDS[i].width());
    }

    /** This box with field {@code i} restricted to {@code set} (replacing its set), or null when {@code set} is empty. */
    Box with(int i, FieldSet set) {
        if (set.isEmpty()) {
            return null;
        }
        FieldSet[] s = sets.clone();
        long c = constrained;
        if (set.isFull()) {
            s[i] = null;
            c &= ~(1L << i);
        } else {
            s[i] = set;
            c |= 1L << i;
        }
        return new Box(s, c);
    }

    /** The intersection, or null when it is empty. */
    Box intersect(Box o) {
        if (o.constrained == 0) {
            return this;
        }
        if (constrained == 0) {
            return o;
        }
        FieldSet[] s = null;
        for (long both = constrained & o.constrained; both != 0; both &= both - 1) {
            int i = Long.numberOfTrailingZeros(both);
            FieldSet x = sets[i];
            FieldSet y = o.sets[i];
            FieldSet r = x == y ? x : x.intersect(y);
            if (r.isEmpty()) {
                return null;
            }
            if (r != x) {
                if (s == null) {
                    s = sets.clone();
                }
                s[i] = r;
            }
        }
        long onlyOther = o.constrained & ~constrained;
        if (onlyOther != 0 && s == null) {
            s = sets.clone();
        }
        for (long rest = onlyOther; rest != 0; rest &= rest - 1) {
            int i = Long.numberOfTrailingZeros(rest);
            s[i] = o.sets[i];
        }
        return s == null ? this : new Box(s, constrained | o.constrained);
    }

    /** Whether the boxes share no packet. */
    boolean disjoint(Box o) {
        for (long both = constrained & o.constrained; both != 0; both &= both - 1) {
            int i = Long.numberOfTrailingZeros(both);
            if (!sets[i].intersects(o.sets[i])) {
                return true;
            }
        }
        return false;
    }

    /** Whether every packet of this box is in {@code o}. */
    boolean within(Box o) {
        for (long rest = o.constrained; rest != 0; rest &= rest - 1) {
            int i = Long.numberOfTrailingZeros(rest);
            FieldSet mine = sets[i];
            if (mine == null || !o.sets[i].containsAll(mine)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds the disjoint pieces of this box outside {@code o} to {@code out} (the "sharp" of two boxes):
     * for each field where this box is not inside {@code o}, one piece with that field outside {@code o}
     * and the fields handled before it inside.
     */
    void subtractInto(Box o, List<Box> out) {
        if (disjoint(o)) {
            out.add(this);
            return;
        }
        Box current = this;
        for (long rest = o.constrained; rest != 0; rest &= rest - 1) {
            int i = Long.numberOfTrailingZeros(rest);
            FieldSet mine = current.getOrFull(i);
            FieldSet theirs = o.sets[i];
            if (theirs.containsAll(mine)) {
                continue;
            }
            out.add(current.with(i, mine.minus(theirs)));
            current = current.with(i, mine.intersect(theirs));
        }
    }

    boolean contains(long[] values) {
        for (long rest = constrained; rest != 0; rest &= rest - 1) {
            int i = Long.numberOfTrailingZeros(rest);
            if (!sets[i].contains(values[i])) {
                return false;
            }
        }
        return true;
    }

    /** One packet of this box: a value of each constrained field (the smallest for intervals), 0 elsewhere. */
    long[] witness() {
        long[] v = new long[FIELDS.length];
        for (long rest = constrained; rest != 0; rest &= rest - 1) {
            int i = Long.numberOfTrailingZeros(rest);
            v[i] = sets[i].sample();
        }
        return v;
    }

    /** Whether the boxes have equal sets on every field except {@code except}. */
    boolean equalExcept(Box o, int except) {
        long mask = ~(1L << except);
        if ((constrained & mask) != (o.constrained & mask)) {
            return false;
        }
        for (long rest = constrained & mask; rest != 0; rest &= rest - 1) {
            int i = Long.numberOfTrailingZeros(rest);
            if (!sets[i].equals(o.sets[i])) {
                return false;
            }
        }
        return true;
    }

    /** A hash of every field set except {@code except}. */
    int hashExcept(int except) {
        int h = Long.hashCode(constrained & ~(1L << except));
        for (long rest = constrained & ~(1L << except); rest != 0; rest &= rest - 1) {
            int i = Long.numberOfTrailingZeros(rest);
            h = h * 31 + i * 7 + sets[i].hashCode();
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && b.constrained == constrained && Arrays.equals(sets, b.sets);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(sets);
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    @Override
    public String toString() {
        if (constrained == 0) {
            return "[any]";
        }
        StringBuilder sb = new StringBuilder("[");
        for (long rest = constrained; rest != 0; rest &= rest - 1) {
            int i = Long.numberOfTrailingZeros(rest);
            if (sb.length() > 1) {
                sb.append(' ');
            }
            sb.append(FIELDS[i].fieldName()).append(" in ").append(sets[i]);
        }
        return sb.append(']').toString();
    }
}
