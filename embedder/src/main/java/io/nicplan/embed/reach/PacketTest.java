package io.nicplan.embed.reach;

import io.nicplan.graph.predicate.Predicate;
import java.util.List;

/**
 * A predicate compiled for the per-packet path: a tree of small closures over the packet's
 * field array, with sets as sorted arrays.
 */
@FunctionalInterface
public interface PacketTest {
    boolean test(long[] packet);

    PacketTest ALWAYS = p -> true;
    PacketTest NEVER = p -> false;

    /** Compiles a predicate; the result decides exactly what {@link PacketEvaluator} decides. */
    static PacketTest compile(Predicate p) {
        if (p instanceof Predicate.True) {
            return ALWAYS;
        } else if (p instanceof Predicate.False) {
            return NEVER;
        } else if (p instanceof Predicate.Masked m) {
            int f = m.field().ordinal();
            long mask = m.mask();
            long value = m.value();
            return packet -> (packet[f] & mask) == value;
        } else if (p instanceof Predicate.Range r) {
            int f = r.field().ordinal();
            long lo = r.lo();
            long hi = r.hi();
            return packet -> packet[f] >= lo && packet[f] <= hi;
        } else if (p instanceof Predicate.InSet s) {
            int f = s.field().ordinal();
            long[] values = s.values().stream().mapToLong(Long::longValue).toArray();
            return packet -> java.util.Arrays.binarySearch(values, packet[f]) >= 0;
        } else if (p instanceof Predicate.And a) {
            PacketTest[] terms = compileAll(a.terms());
            return packet -> {
                for (PacketTest t : terms) {
                    if (!t.test(packet)) {
                        return false;
                    }
                }
                return true;
            };
        } else if (p instanceof Predicate.Or o) {
            PacketTest[] terms = compileAll(o.terms());
            return packet -> {
                for (PacketTest t : terms) {
                    if (t.test(packet)) {
                        return true;
                    }
                }
                return false;
            };
        }
        PacketTest inner = compile(((Predicate.Not) p).term());
        return packet -> !inner.test(packet);
    }

    private static PacketTest[] compileAll(List<Predicate> terms) {
        PacketTest[] out = new PacketTest[terms.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = compile(terms.get(i));
        }
        return out;
    }
}
