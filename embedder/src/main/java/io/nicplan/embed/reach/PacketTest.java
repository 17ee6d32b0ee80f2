package io.nicplan.embed.reach;

import io.nicplan.graph.predicate.Predicate;

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
        return p.accept(PacketTestCompiler.INSTANCE);
    }
}
