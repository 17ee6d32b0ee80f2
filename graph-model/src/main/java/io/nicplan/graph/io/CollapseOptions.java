package io.nicplan.graph.io;

import java.util.Set;

/**
 * How far {@link GraphCollapse} folds a graph.
 *
 * @param minimumGroup the fewest alike nodes folded into one (fewer are drawn one by one)
 * @param expanded templates ({@code Q*.Valid}) whose nodes are drawn one by one anyway: the console's
 *     "expand" on a group
 */
public record CollapseOptions(int minimumGroup, Set<String> expanded) {
    /** Three or more alike nodes fold: two are still easy to read side by side. */
    public static final CollapseOptions DEFAULT = new CollapseOptions(3, Set.of());

    public CollapseOptions {
        if (minimumGroup < 2) {
            throw new IllegalArgumentException("minimumGroup must be at least 2, not " + minimumGroup);
        }
        expanded = Set.copyOf(expanded);
    }

    public CollapseOptions expanding(Set<String> templates) {
        return new CollapseOptions(minimumGroup, templates);
    }
}
