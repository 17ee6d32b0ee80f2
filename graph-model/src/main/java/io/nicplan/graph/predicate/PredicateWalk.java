package io.nicplan.graph.predicate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks over predicate trees that take no stack: for predicates whose depth a user controls (a
 * description's nesting, a path through thousands of filters), where recursion would end in a
 * {@link StackOverflowError}.
 *
 * <p>{@link #postOrder} lists the distinct sub-predicates (by identity, since path predicates are DAGs
 * that share their prefixes) children first, so a caller can compute a value per node from its
 * children's values in one loop. What a node's children are is said once, by {@link #children}.
 */
public final class PredicateWalk {
    private static final Predicate.Visitor<List<Predicate>> CHILDREN = new Predicate.Visitor<>() {
        @Override public List<Predicate> visitTrue(Predicate.True p) { return List.of(); }
        @Override public List<Predicate> visitFalse(Predicate.False p) { return List.of(); }
        @Override public List<Predicate> visitMasked(Predicate.Masked p) { return List.of(); }
        @Override public List<Predicate> visitRange(Predicate.Range p) { return List.of(); }
        @Override public List<Predicate> visitInSet(Predicate.InSet p) { return List.of(); }
        @Override public List<Predicate> visitAnd(Predicate.And p) { return p.terms(); }
        @Override public List<Predicate> visitOr(Predicate.Or p) { return p.terms(); }
        @Override public List<Predicate> visitNot(Predicate.Not p) { return List.of(p.term()); }
    };

    private PredicateWalk() {
    }

    /** The direct sub-predicates of {@code p}: the terms of a conjunction or disjunction, the negated term. */
    public static List<Predicate> children(Predicate p) {
        return p.accept(CHILDREN);
    }

    /** {@link #postOrder(Collection, java.util.function.Predicate)} of one root, descending everywhere. */
    public static List<Predicate> postOrder(Predicate root) {
        return postOrder(List.of(root), q -> false);
    }

    /**
     * The sub-predicates of {@code roots} (roots included), each distinct object once, every one after
     * its children; without recursion. The walk does not descend into a predicate {@code skip} accepts
     * (it is listed, its children are not, unless reached another way): callers skip what they already
     * know.
     */
    public static List<Predicate> postOrder(Collection<? extends Predicate> roots, java.util.function.Predicate<Predicate> skip) {
        List<Predicate> out = new ArrayList<>();
        Map<Predicate, Boolean> seen = new IdentityHashMap<>();
        // a frame is a predicate and the index of its next child to visit
        Deque<Predicate> nodes = new ArrayDeque<>();
        Deque<int[]> next = new ArrayDeque<>();
        for (Predicate root : roots) {
            if (seen.put(root, Boolean.TRUE) != null) {
                continue;
            }
            nodes.push(root);
            next.push(new int[] {0});
            while (!nodes.isEmpty()) {
                Predicate top = nodes.peek();
                int[] at = next.peek();
                List<Predicate> kids = at[0] == 0 && skip.test(top) ? List.of() : children(top);
                if (at[0] < kids.size()) {
                    Predicate child = kids.get(at[0]++);
                    if (seen.put(child, Boolean.TRUE) == null) {
                        nodes.push(child);
                        next.push(new int[] {0});
                    }
                } else {
                    nodes.pop();
                    next.pop();
                    out.add(top);
                }
            }
        }
        return out;
    }

    /** Number of nodes of the tree {@code p} (a shared subterm counts once per occurrence); no recursion. */
    public static long treeSize(Predicate p) {
        long size = 0;
        Deque<Predicate> work = new ArrayDeque<>();
        work.push(p);
        while (!work.isEmpty()) {
            Predicate q = work.pop();
            size++;
            for (Predicate c : children(q)) {
                work.push(c);
            }
        }
        return size;
    }

    /** The depth of the tree {@code p} (an atom or constant has depth 1); no recursion. */
    public static int depth(Predicate p) {
        Map<Predicate, Integer> depth = new IdentityHashMap<>();
        for (Predicate q : postOrder(p)) {
            int d = 0;
            for (Predicate c : children(q)) {
                d = Math.max(d, depth.get(c));
            }
            depth.put(q, d + 1);
        }
        return depth.get(p);
    }
}
