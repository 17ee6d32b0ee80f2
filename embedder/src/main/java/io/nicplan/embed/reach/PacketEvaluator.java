package io.nicplan.embed.reach;

import io.nicplan.graph.predicate.Predicate;
import java.util.List;

/**
 * Decides a predicate on one concrete packet by walking its syntax tree: the plain, obviously
 * correct evaluation the reference interpreter uses. A packet is its header fields indexed by
 * {@link io.nicplan.graph.predicate.HeaderField#ordinal()}.
 */
public final class PacketEvaluator {
    private PacketEvaluator() {
    }

    public static boolean test(Predicate p, long[] packet) {
        if (p instanceof Predicate.True) {
            return true;
        } else if (p instanceof Predicate.False) {
            return false;
        } else if (p instanceof Predicate.Masked m) {
            return (packet[m.field().ordinal()] & m.mask()) == m.value();
        } else if (p instanceof Predicate.Range r) {
            long v = packet[r.field().ordinal()];
            return v >= r.lo() && v <= r.hi();
        } else if (p instanceof Predicate.InSet s) {
            return s.values().contains(packet[s.field().ordinal()]);
        } else if (p instanceof Predicate.And a) {
            // Indexed loops: the embedder tests millions of subterms per embedding, and an
            // iterator per compound term was most of what it allocated.
            List<Predicate> terms = a.terms();
            for (int i = 0; i < terms.size(); i++) {
                if (!test(terms.get(i), packet)) {
                    return false;
                }
            }
            return true;
        } else if (p instanceof Predicate.Or o) {
            List<Predicate> terms = o.terms();
            for (int i = 0; i < terms.size(); i++) {
                if (test(terms.get(i), packet)) {
                    return true;
                }
            }
            return false;
        }
        return !test(((Predicate.Not) p).term(), packet);
    }
}
