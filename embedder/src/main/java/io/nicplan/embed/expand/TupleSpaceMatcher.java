package io.nicplan.embed.expand;

import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.graph.predicate.HeaderField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the best-ranked steering entry a packet matches, without testing entries one by one.
 *
 * <p>Tuple space search (Srinivasan, Suri, Varghese, SIGCOMM 1999): entries are grouped by the
 * shape of their masks; within a group a packet's masked key is looked up in a hash table that
 * keeps, per key, the entry of lowest rank. Groups are visited by ascending lowest rank, and the
 * search stops once no remaining group can beat the best hit. A flow-director table (one shape,
 * exact keys) is one hash lookup; a 5-tuple table with a few shapes is a few.
 *
 * <p>Entries that also match fields beyond the 5-tuple ({@link FilterMatch#terms}: a FlexNIC
 * stage's application header and metadata) are few (one per key-value bucket, say) and are kept
 * in one list in rank order, tested one by one after the groups.
 *
 * <p>Immutable: {@link #with} and {@link #without} return a new matcher that shares every group
 * but the one the changed entry belongs to.
 */
public final class TupleSpaceMatcher<T> {

    /** An entry: what it matches, its rank (lower wins), and the caller's value. */
    public record Entry<T>(FilterMatch match, long rank, T value) {
    }

    private final Group<T>[] groups;
    /** Entries with terms beyond the 5-tuple, in rank order. */
    private final List<Entry<T>> withTerms;

    private TupleSpaceMatcher(Group<T>[] groups, List<Entry<T>> withTerms) {
        this.groups = groups;
        this.withTerms = withTerms;
    }

    public static <T> TupleSpaceMatcher<T> of(List<Entry<T>> entries) {
        Map<Shape, List<Entry<T>>> byShape = new LinkedHashMap<>();
        List<Entry<T>> withTerms = new ArrayList<>();
        for (Entry<T> e : entries) {
            if (e.match().hasTerms()) {
                withTerms.add(e);
            } else {
                byShape.computeIfAbsent(Shape.of(e.match()), s -> new ArrayList<>()).add(e);
            }
        }
        List<Group<T>> groups = new ArrayList<>();
        byShape.forEach((shape, members) -> groups.add(Group.build(shape, members)));
        return sorted(groups, withTerms);
    }

    private static <T> List<Entry<T>> byRank(List<Entry<T>> entries) {
        List<Entry<T>> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::rank));
        return List.copyOf(sorted);
    }

    public static <T> TupleSpaceMatcher<T> empty() {
        return of(List.of());
    }

    /** A matcher that also holds {@code entry}. */
    public TupleSpaceMatcher<T> with(Entry<T> entry) {
        if (entry.match().hasTerms()) {
            List<Entry<T>> more = new ArrayList<>(withTerms);
            more.add(entry);
            return new TupleSpaceMatcher<>(groups, byRank(more));
        }
        Shape shape = Shape.of(entry.match());
        List<Group<T>> out = new ArrayList<>(groups.length + 1);
        boolean placed = false;
        for (Group<T> g : groups) {
            if (g.shape.equals(shape)) {
                out.add(g.plus(entry));
                placed = true;
            } else {
                out.add(g);
            }
        }
        if (!placed) {
            out.add(Group.build(shape, List.of(entry)));
        }
        return sorted(out, withTerms);
    }

    /** A matcher without the entry of this match and rank (ranks identify entries). */
    public TupleSpaceMatcher<T> without(FilterMatch match, long rank) {
        if (match.hasTerms()) {
            List<Entry<T>> fewer = new ArrayList<>(withTerms);
            fewer.removeIf(e -> e.rank() == rank);
            return new TupleSpaceMatcher<>(groups, List.copyOf(fewer));
        }
        Shape shape = Shape.of(match);
        List<Group<T>> out = new ArrayList<>(groups.length);
        for (Group<T> g : groups) {
            if (g.shape.equals(shape)) {
                List<Entry<T>> members = new ArrayList<>(g.members);
                members.removeIf(e -> e.rank() == rank);
                if (!members.isEmpty()) {
                    out.add(Group.build(shape, members));
                }
            } else {
                out.add(g);
            }
        }
        return sorted(out, withTerms);
    }

    /** Number of mask shapes (hash lookups in the worst case). */
    public int groupCount() {
        return groups.length;
    }

    /**
     * The lowest-ranked entry matching the packet, or {@code null} when none does. The packet is
     * the header fields indexed by {@link HeaderField#ordinal()}.
     */
    public Entry<T> lookup(long[] packet) {
        Entry<T> best = null;
        for (Group<T> g : groups) {
            if (best != null && g.minRank > best.rank()) {
                break;
            }
            Entry<T> e = g.lookup(packet);
            if (e != null && (best == null || e.rank() < best.rank())) {
                best = e;
            }
        }
        for (int i = 0; i < withTerms.size(); i++) {
            Entry<T> e = withTerms.get(i);
            if (best != null && e.rank() > best.rank()) {
                break;
            }
            if (e.match().matches(packet)) {
                return e;
            }
        }
        return best;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> TupleSpaceMatcher<T> sorted(List<Group<T>> groups, List<Entry<T>> withTerms) {
        Group<T>[] arr = groups.toArray(new Group[0]);
        Arrays.sort(arr, Comparator.comparingLong(g -> g.minRank));
        return new TupleSpaceMatcher<>(arr, byRank(withTerms));
    }

    /** Which fields an entry constrains and with which masks. */
    private record Shape(boolean ethType, boolean proto, long srcMask, long dstMask, int srcPortMask, int dstPortMask) {
        static Shape of(FilterMatch m) {
            return new Shape(m.ethType() >= 0, m.proto() >= 0, m.srcMask(), m.dstMask(), m.srcPortMask(), m.dstPortMask());
        }
    }

    /** Entries of one shape, indexed by their key. */
    private static final class Group<T> {
        private final Shape shape;
        private final List<Entry<T>> members;
        private final long minRank;
        private final long[] k1;
        private final long[] k2;
        private final Entry<T>[] slots;
        private final int mask;

        @SuppressWarnings({"unchecked", "rawtypes"})
        private Group(Shape shape, List<Entry<T>> members, long minRank, int capacity) {
            this.shape = shape;
            this.members = List.copyOf(members);
            this.minRank = minRank;
            this.k1 = new long[capacity];
            this.k2 = new long[capacity];
            this.slots = new Entry[capacity];
            this.mask = capacity - 1;
        }

        static <T> Group<T> build(Shape shape, List<Entry<T>> members) {
            int capacity = Integer.highestOneBit(Math.max(4, members.size() * 2 - 1)) * 2;
            long min = Long.MAX_VALUE;
            for (Entry<T> e : members) {
                min = Math.min(min, e.rank());
            }
            Group<T> g = new Group<>(shape, members, min, capacity);
            for (Entry<T> e : members) {
                FilterMatch m = e.match();
                g.insert(key1(m.ethType() < 0 ? 0 : m.ethType(), m.proto() < 0 ? 0 : m.proto(), m.srcPort(), m.dstPort()),
                        key2(m.srcIp(), m.dstIp()), e);
            }
            return g;
        }

        /**
         * This group with one more entry: the slot arrays are copied and the entry inserted, which
         * is cheaper than rehashing every member; a full table is rebuilt larger.
         */
        Group<T> plus(Entry<T> entry) {
            List<Entry<T>> more = new ArrayList<>(members.size() + 1);
            more.addAll(members);
            more.add(entry);
            if ((more.size() * 2L) > slots.length) {
                return build(shape, more);
            }
            Group<T> g = new Group<>(shape, more, Math.min(minRank, entry.rank()), slots.length);
            System.arraycopy(k1, 0, g.k1, 0, k1.length);
            System.arraycopy(k2, 0, g.k2, 0, k2.length);
            System.arraycopy(slots, 0, g.slots, 0, slots.length);
            FilterMatch m = entry.match();
            g.insert(key1(m.ethType() < 0 ? 0 : m.ethType(), m.proto() < 0 ? 0 : m.proto(), m.srcPort(), m.dstPort()),
                    key2(m.srcIp(), m.dstIp()), entry);
            return g;
        }

        private void insert(long a, long b, Entry<T> e) {
            int i = slot(a, b);
            while (slots[i] != null) {
                if (k1[i] == a && k2[i] == b) {
                    if (e.rank() < slots[i].rank()) {
                        slots[i] = e;
                    }
                    return;
                }
                i = (i + 1) & mask;
            }
            k1[i] = a;
            k2[i] = b;
            slots[i] = e;
        }

        Entry<T> lookup(long[] p) {
            long eth = shape.ethType ? p[HeaderField.ETH_TYPE.ordinal()] : 0;
            long proto = shape.proto ? FilterMatch.protoClass(p[HeaderField.IP_PROTO.ordinal()]) : 0;
            long a = key1(eth, proto, (int) (p[HeaderField.L4_SPORT.ordinal()] & shape.srcPortMask),
                    (int) (p[HeaderField.L4_DPORT.ordinal()] & shape.dstPortMask));
            long b = key2(p[HeaderField.IP_SRC.ordinal()] & shape.srcMask, p[HeaderField.IP_DST.ordinal()] & shape.dstMask);
            int i = slot(a, b);
            Entry<T> e;
            while ((e = slots[i]) != null) {
                if (k1[i] == a && k2[i] == b) {
                    return e;
                }
                i = (i + 1) & mask;
            }
            return null;
        }

        private int slot(long a, long b) {
            long h = a * 0x9E3779B97F4A7C15L ^ b * 0xC2B2AE3D27D4EB4FL;
            h ^= h >>> 29;
            return (int) h & mask;
        }

        private static long key1(long ethType, long protoClass, int srcPort, int dstPort) {
            return (ethType << 48) | (protoClass << 32) | ((long) srcPort << 16) | dstPort;
        }

        private static long key2(long src, long dst) {
            return (src << 32) | dst;
        }
    }
}
