package io.nicplan.graph.predicate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A set of packets over the {@link HeaderField}s: a finite union of boxes, each box giving one exact
 * value set per constrained field (intervals or value/mask ternaries) and leaving the other fields free.
 *
 * <p>Immutable. {@link #of(Predicate)} builds the space of a predicate without enumerating atom
 * assignments; set operations are exact. Convert a predicate once and combine spaces when the same
 * predicate is used in many questions (e.g. a path predicate extended port by port). See
 * {@link PredicateLogic} for the cost of each operation.
 */
public final class HeaderSpace {
    private static final HeaderSpace EMPTY = new HeaderSpace(new Box[0]);
    private static final HeaderSpace ALL = new HeaderSpace(new Box[] {Box.UNIVERSE});
    /** Unions at most this large are also cleared of boxes inside other boxes. */
    private static final int SUBSUMPTION_LIMIT = 64;
    /** Unions at most this large are merged by comparing boxes pairwise rather than by hash buckets. */
    private static final int SMALL_UNION = 8;

    private final Box[] boxes;

    private HeaderSpace(Box[] boxes) {
        this.boxes = boxes;
    }

    /** No packet. */
    public static HeaderSpace empty() {
        return EMPTY;
    }

    /** Every packet. */
    public static HeaderSpace all() {
        return ALL;
    }

    /** The packets that satisfy {@code predicate}. */
    public static HeaderSpace of(Predicate predicate) {
        return new SpaceCompiler().eval(predicate, false);
    }

    static HeaderSpace ofBox(Box box) {
        if (box == null) {
            return EMPTY;
        }
        return box.constrained == 0 ? ALL : new HeaderSpace(new Box[] {box});
    }

    static HeaderSpace ofBoxes(List<Box> boxes) {
        if (boxes.isEmpty()) {
            return EMPTY;
        }
        return new HeaderSpace(compact(boxes));
    }

    Box[] boxes() {
        return boxes;
    }

    public boolean isEmpty() {
        return boxes.length == 0;
    }

    /** Whether this space holds every packet. Costs one {@link #complement()}. */
    public boolean isAll() {
        for (Box b : boxes) {
            if (b.constrained == 0) {
                return true;
            }
        }
        return boxes.length > 0 && complement().isEmpty();
    }

    /** Number of boxes in the union (a measure of the representation's size). */
    public int boxCount() {
        return boxes.length;
    }

    public boolean contains(PacketFields packet) {
        long[] v = packet.raw();
        for (Box b : boxes) {
            if (b.contains(v)) {
                return true;
            }
        }
        return false;
    }

    /** Some packet in this space (taken from its first box), or empty when there is none. */
    public Optional<PacketFields> witness() {
        return boxes.length == 0 ? Optional.empty() : Optional.of(PacketFields.wrap(boxes[0].witness()));
    }

    public HeaderSpace intersect(HeaderSpace o) {
        if (isEmpty() || o.isEmpty()) {
            return EMPTY;
        }
        if (o == ALL) {
            return this;
        }
        if (this == ALL) {
            return o;
        }
        List<Box> out = new ArrayList<>(Math.max(boxes.length, o.boxes.length));
        for (Box a : boxes) {
            for (Box b : o.boxes) {
                Box c = a.intersect(b);
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return ofBoxes(out);
    }

    /** Whether some packet is in both spaces; builds no boxes. */
    public boolean intersects(HeaderSpace o) {
        for (Box a : boxes) {
            for (Box b : o.boxes) {
                if (!a.disjoint(b)) {
                    return true;
                }
            }
        }
        return false;
    }

    public HeaderSpace union(HeaderSpace o) {
        if (isEmpty()) {
            return o;
        }
        if (o.isEmpty()) {
            return this;
        }
        List<Box> out = new ArrayList<>(boxes.length + o.boxes.length);
        out.addAll(Arrays.asList(boxes));
        out.addAll(Arrays.asList(o.boxes));
        return ofBoxes(out);
    }

    /** The packets of this space that are not in {@code o}. */
    public HeaderSpace minus(HeaderSpace o) {
        return minus(o, true);
    }

    /** As {@link #minus(HeaderSpace)}; without {@code compactResult} the pieces are kept as split (for callers that compact later). */
    HeaderSpace minus(HeaderSpace o, boolean compactResult) {
        if (isEmpty() || o.isEmpty()) {
            return this;
        }
        List<Box> current = Arrays.asList(boxes);
        int lastCompacted = current.size();
        for (Box cut : o.boxes) {
            List<Box> next = new ArrayList<>(current.size() + 4);
            for (Box b : current) {
                b.subtractInto(cut, next);
            }
            if (next.isEmpty()) {
                return EMPTY;
            }
            if (next.size() > 8 && next.size() > 2 * lastCompacted) {
                next = new ArrayList<>(Arrays.asList(compact(next)));
                lastCompacted = next.size();
            }
            current = next;
        }
        return compactResult ? ofBoxes(current) : new HeaderSpace(current.toArray(new Box[0]));
    }

    /** This space with its union compacted (see {@link #compact}). */
    HeaderSpace compacted() {
        return boxes.length <= 1 ? this : new HeaderSpace(compact(Arrays.asList(boxes)));
    }

    public HeaderSpace complement() {
        return ALL.minus(this);
    }

    /** Whether every packet of this space is in {@code o}. Stops at the first box that is not covered. */
    public boolean isSubsetOf(HeaderSpace o) {
        for (Box b : boxes) {
            if (!covered(b, o.boxes)) {
                return false;
            }
        }
        return true;
    }

    /** Whether both spaces hold the same packets. */
    public boolean sameAs(HeaderSpace o) {
        return isSubsetOf(o) && o.isSubsetOf(this);
    }

    /** A predicate for this space: a disjunction of per-box conjunctions of per-field atoms. */
    public Predicate toPredicate() {
        if (boxes.length == 0) {
            return Predicate.FALSE;
        }
        List<Predicate> terms = new ArrayList<>(boxes.length);
        for (Box b : boxes) {
            if (b.constrained == 0) {
                return Predicate.TRUE;
            }
            List<Predicate> atoms = new ArrayList<>();
            for (long rest = b.constrained; rest != 0; rest &= rest - 1) {
                int i = Long.numberOfTrailingZeros(rest);
                atoms.add(b.get(i).toPredicate(Box.FIELDS[i]));
            }
            terms.add(Predicate.and(atoms));
        }
        return Predicate.or(terms);
    }

    @Override
    public String toString() {
        return boxes.length == 0 ? "{}" : Arrays.toString(boxes);
    }

    private static boolean covered(Box box, Box[] by) {
        for (Box b : by) {
            if (box.within(b)) {
                return true;
            }
        }
        List<Box> rest = List.of(box);
        for (Box cut : by) {
            List<Box> next = new ArrayList<>();
            for (Box r : rest) {
                r.subtractInto(cut, next);
            }
            if (next.isEmpty()) {
                return true;
            }
            rest = next;
        }
        return false;
    }

    /**
     * Shrinks a union without changing its packets: boxes equal on every field but one are merged
     * (their sets on that field united), and, for small unions, boxes inside another box are dropped.
     */
    static Box[] compact(List<Box> input) {
        List<Box> list = new ArrayList<>(input);
        if (list.size() > 1) {
            boolean changed = true;
            while (changed) {
                changed = false;
                long fields = 0;
                for (Box b : list) {
                    fields |= b.constrained;
                }
                for (long rest = fields; rest != 0 && list.size() > 1; rest &= rest - 1) {
                    int f = Long.numberOfTrailingZeros(rest);
                    changed |= mergeOn(list, f);
                }
            }
        }
        if (list.size() > 1 && list.size() <= SUBSUMPTION_LIMIT) {
            List<Box> kept = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Box b = list.get(i);
                boolean inside = false;
                for (int j = 0; j < list.size() && !inside; j++) {
                    // of two equal boxes keep the first
                    inside = j != i && b.within(list.get(j)) && (j < i || !list.get(j).within(b));
                }
                if (!inside) {
                    kept.add(b);
                }
            }
            list = kept;
        }
        for (Box b : list) {
            if (b.constrained == 0) {
                return new Box[] {Box.UNIVERSE};
            }
        }
        return list.toArray(new Box[0]);
    }

    /** Box {@code into} with its set on field {@code f} united with that of {@code other} (equal on every other field). */
    private static Box merged(Box into, Box other, int f) {
        FieldSet a = into.get(f);
        FieldSet b = other.get(f);
        return into.with(f, a == null || b == null ? FieldSet.full(Box.FIELDS[f].width()) : a.union(b));
    }

    /** Merges boxes that differ only on field {@code f}; returns whether anything merged. */
    private static boolean mergeOn(List<Box> list, int f) {
        boolean merged = false;
        Box[] out = list.toArray(new Box[0]);
        if (out.length <= SMALL_UNION) {
            // few boxes: compare every earlier one, as the buckets below would, without building them
            for (int i = 1; i < out.length; i++) {
                for (int j = 0; j < i; j++) {
                    if (out[j] != null && out[j].equalExcept(out[i], f)) {
                        out[j] = merged(out[j], out[i], f);
                        out[i] = null;
                        merged = true;
                        break;
                    }
                }
            }
        } else {
            Map<Integer, List<Integer>> groups = new HashMap<>();
            for (int i = 0; i < out.length; i++) {
                List<Integer> bucket = groups.computeIfAbsent(out[i].hashExcept(f), k -> new ArrayList<>(1));
                boolean absorbed = false;
                for (int j : bucket) {
                    if (out[j] != null && out[j].equalExcept(out[i], f)) {
                        out[j] = merged(out[j], out[i], f);
                        out[i] = null;
                        absorbed = true;
                        merged = true;
                        break;
                    }
                }
                if (!absorbed) {
                    bucket.add(i);
                }
            }
        }
        if (merged) {
            list.clear();
            for (Box b : out) {
                if (b != null) {
                    list.add(b);
                }
            }
        }
        return merged;
    }
}
