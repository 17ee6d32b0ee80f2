package io.nicplan.graph.predicate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Seeded random predicates over a few fields with small constant pools (so atoms overlap), and
 * packets whose values are drawn from the constants the predicates use, their neighbours (+/-1) and
 * values that agree with a mask on its care bits only.
 */
final class RandomPredicates {
    static final HeaderField[] FIELDS = {
        HeaderField.IP_PROTO, HeaderField.IP_SRC, HeaderField.L4_DPORT, HeaderField.TCP_FLAGS,
        HeaderField.ETH_FCS_OK, HeaderField.ETH_DST,
    };

    private final Random rnd;
    private final Map<HeaderField, long[]> pools = new EnumMap<>(HeaderField.class);
    /** Values worth testing per field, collected from every atom generated. */
    private final Map<HeaderField, TreeSet<Long>> interesting = new EnumMap<>(HeaderField.class);

    RandomPredicates(long seed) {
        rnd = new Random(seed);
        for (HeaderField f : FIELDS) {
            long[] pool = new long[5];
            pool[0] = 0;
            pool[1] = f.maxValue();
            for (int i = 2; i < pool.length; i++) {
                pool[i] = nextValue(f);
            }
            pools.put(f, pool);
            TreeSet<Long> values = new TreeSet<>();
            for (long v : pool) {
                values.add(v);
            }
            interesting.put(f, values);
        }
    }

    /** A predicate tree of at most {@code depth} levels of And/Or/Not above the atoms. */
    Predicate predicate(int depth) {
        if (depth == 0 || rnd.nextInt(4) == 0) {
            return atom();
        }
        switch (rnd.nextInt(5)) {
            case 0:
                return new Predicate.Not(predicate(depth - 1));
            case 1:
            case 2: {
                List<Predicate> terms = new ArrayList<>();
                int n = 2 + rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    terms.add(predicate(depth - 1));
                }
                return new Predicate.And(terms);
            }
            default: {
                List<Predicate> terms = new ArrayList<>();
                int n = 2 + rnd.nextInt(2);
                for (int i = 0; i < n; i++) {
                    terms.add(predicate(depth - 1));
                }
                return new Predicate.Or(terms);
            }
        }
    }

    Predicate atom() {
        HeaderField f = FIELDS[rnd.nextInt(FIELDS.length)];
        long[] pool = pools.get(f);
        long full = f.fullMask();
        switch (rnd.nextInt(6)) {
            case 0:
            case 1:
                return Predicate.eq(f, pool[rnd.nextInt(pool.length)]);
            case 2: {
                long a = pool[rnd.nextInt(pool.length)];
                long b = pool[rnd.nextInt(pool.length)];
                noteNeighbours(f, a);
                noteNeighbours(f, b);
                return Predicate.range(f, Math.min(a, b), Math.max(a, b));
            }
            case 3: {
                TreeSet<Long> vs = new TreeSet<>();
                int n = 1 + rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    vs.add(pool[rnd.nextInt(pool.length)]);
                }
                return new Predicate.InSet(f, vs);
            }
            case 4: {
                // prefix
                int len = rnd.nextInt(f.width() + 1);
                long mask = len == 0 ? 0 : full & ~((1L << (f.width() - len)) - 1);
                long v = pool[rnd.nextInt(pool.length)] & mask;
                noteMasked(f, v, mask);
                return Predicate.masked(f, v, mask);
            }
            default: {
                // arbitrary bits, often a low care bit on a wide field (ternary form)
                long mask = nextValue(f) & nextValue(f);
                if (rnd.nextBoolean()) {
                    mask |= 1;
                }
                mask &= full;
                long v = pool[rnd.nextInt(pool.length)] & mask;
                noteMasked(f, v, mask);
                return Predicate.masked(f, v, mask);
            }
        }
    }

    /** A packet built from the interesting values (and now and then a random one). */
    PacketFields packet() {
        PacketFields.Builder b = PacketFields.builder();
        for (HeaderField f : FIELDS) {
            long v;
            if (rnd.nextInt(10) == 0) {
                v = nextValue(f);
            } else {
                List<Long> values = new ArrayList<>(interesting.get(f));
                v = values.get(rnd.nextInt(values.size()));
                int nudge = rnd.nextInt(4);
                if (nudge == 0 && v > 0) {
                    v--;
                } else if (nudge == 1 && v < f.maxValue()) {
                    v++;
                }
            }
            b.set(f, v);
        }
        return b.build();
    }

    private void noteNeighbours(HeaderField f, long v) {
        interesting.get(f).add(v);
    }

    private void noteMasked(HeaderField f, long v, long mask) {
        TreeSet<Long> values = interesting.get(f);
        values.add(v);
        // same care bits, random don't-care bits; and one care bit flipped
        values.add(v | (nextValue(f) & ~mask));
        if (mask != 0) {
            long bit = Long.lowestOneBit(mask);
            values.add((v ^ bit) | (nextValue(f) & ~mask));
        }
        values.add(v | (f.fullMask() & ~mask));
    }

    private long nextValue(HeaderField f) {
        return rnd.nextLong() & f.fullMask();
    }

    Random random() {
        return rnd;
    }
}
