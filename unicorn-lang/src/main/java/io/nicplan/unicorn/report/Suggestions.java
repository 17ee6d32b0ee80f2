package io.nicplan.unicorn.report;

import java.util.Optional;

/**
 * Finds the closest known name to a misspelt one (Levenshtein distance), for "did you mean"
 * hints. Work is bounded: a banded distance with an early exit, and a budget of character
 * comparisons per instance so that pathological inputs (many unknown names among a million
 * nodes) stay fast; once the budget is spent, no more hints are offered.
 */
public final class Suggestions {
    private long budget;

    public Suggestions(long budget) {
        this.budget = budget;
    }

    /** Largest distance still worth suggesting for a name of this length. */
    public static int threshold(String name) {
        return Math.max(1, Math.min(3, name.length() / 3));
    }

    /** The candidate closest to {@code name} within {@link #threshold}, if any (first wins ties). */
    public Optional<String> closest(String name, Iterable<String> candidates) {
        int limit = threshold(name);
        String best = null;
        int bestDistance = limit + 1;
        for (String candidate : candidates) {
            if (--budget <= 0) {
                break;
            }
            if (candidate.equals(name) || Math.abs(candidate.length() - name.length()) >= bestDistance) {
                continue;
            }
            int d = distance(name, candidate, bestDistance - 1);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance of a and b, or {@code max + 1} once it is known to exceed {@code max}. */
    int distance(String a, String b, int max) {
        int n = a.length();
        int m = b.length();
        budget -= (long) n * (2L * max + 1) + 1;
        int[] previous = new int[m + 1];
        int[] current = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            int from = Math.max(1, i - max);
            int to = Math.min(m, i + max);
            current[0] = i;
            if (from > 1) {
                current[from - 1] = max + 1;
            }
            int rowMin = current[0] <= max && from == 1 ? current[0] : max + 1;
            for (int j = from; j <= to; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(previous[j - 1] + cost, Math.min(previous[j] + 1, current[j - 1] + 1));
                current[j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (to < m) {
                current[to + 1] = max + 1;
            }
            if (rowMin > max) {
                return max + 1;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[m], max + 1);
    }
}
