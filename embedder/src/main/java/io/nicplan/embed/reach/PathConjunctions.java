package io.nicplan.embed.reach;

import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Extends path predicates by one condition at a time while keeping them shallow.
 *
 * <p>A path through a chain of {@code k} filters is {@code !f1 && ... && !fk}, built one node at a
 * time from the predicate of the node before. Writing each step as {@code prefix && next} nests the
 * conjunctions {@code k} deep, and every recursive walk over such a predicate overflowed the stack
 * at about 3,000 flows on FlexNIC (issue #18). Flattening each step instead copies the whole prefix,
 * {@code k^2} terms for the chain, and loses the sharing of prefixes the analyses memoise on.
 *
 * <p>Here a path is a conjunction of <em>blocks</em> like the digits of a binary counter: each block
 * is a balanced conjunction of 2^j conditions, at most one block per size plus the newest, and
 * appending merges the two newest blocks while they are of equal size. A path of {@code k}
 * conditions is then at most {@code log2 k + 1} levels deeper than its deepest condition, each step
 * allocates {@code O(log k)} list slots and amortised {@code O(1)} blocks, and consecutive paths share
 * all but their newest blocks. Block sizes are remembered by identity for the blocks built here; any other conjunct
 * counts as one condition.
 */
final class PathConjunctions {
    private final Map<Predicate, Integer> blockSize = new IdentityHashMap<>();

    /** {@code prefix && next}, with {@link Predicate#and}'s folding of constants. */
    Predicate and(Predicate prefix, Predicate next) {
        if (prefix instanceof Predicate.False || next instanceof Predicate.False) {
            return Predicate.FALSE;
        }
        if (prefix instanceof Predicate.True) {
            return next;
        }
        if (next instanceof Predicate.True) {
            return prefix;
        }
        List<Predicate> blocks = new ArrayList<>(blocksOf(prefix));
        blocks.add(next);
        int last = blocks.size() - 1;
        while (last >= 1 && size(blocks.get(last - 1)) == size(blocks.get(last))) {
            Predicate merged = new Predicate.And(List.of(blocks.get(last - 1), blocks.get(last)));
            blockSize.put(merged, size(blocks.get(last - 1)) + size(blocks.get(last)));
            blocks.remove(last);
            blocks.set(last - 1, merged);
            last--;
        }
        return blocks.size() == 1 ? blocks.get(0) : new Predicate.And(blocks);
    }

    /** The blocks of a path: the terms of a conjunction that is not itself one block, else the predicate. */
    private List<Predicate> blocksOf(Predicate prefix) {
        if (prefix instanceof Predicate.And a && !blockSize.containsKey(prefix)) {
            return a.terms();
        }
        return List.of(prefix);
    }

    private int size(Predicate block) {
        return blockSize.getOrDefault(block, 1);
    }
}
