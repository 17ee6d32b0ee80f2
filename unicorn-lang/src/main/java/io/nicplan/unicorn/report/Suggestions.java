package io.nicplan.unicorn.report;

import java.util.Optional;

/**
 * Finds the closest known name to a misspelt one, for "did you mean" hints. The distance is
 * Levenshtein's with adjacent transpositions counting as one edit ({@code tpc} is one edit from
 * {@code tcp}). Work is bounded: a banded computation with an early exit, and a budget of
 * character comparisons per instance, so that pathological inputs (many unknown names among a
 * million nodes) stay fast; once the budget is spent, no more hints are offered.
 */
public final class Suggestions {
    private long budget;

    public Suggestions(long budget) {
        this.budget = budget;
    }

    /** Largest distance still worth suggesting: none for one- and two-letter names, at most 3. */
    public static int threshold(String name) {
        return Math.min(3, name.length() / 3);
    }

    /** The candidate closest to {@code name} within {@link #threshold}, if any (first wins ties). */
    public Optional<String> closest(String name, Iterable<String> candidates) {
        int limit = threshold(name);
        if (limit == 0) {
            return Optional.empty();
        }
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

    /** The distance of a and b, or {@code max + 1} once it is known to exceed {@code max}. */
    int distance(String a, String b, int max) {
        int n = a.length();
        int m = b.length();
        budget -= (long) n * (2L * max + 1) + 1;
        int outside = max + 1;
        int[] before = new int[m + 1];
        int[] previous = new int[m + 1];
        int[] current = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            previous[j] = Math.min(j, outside);
        }
        for (int i = 1; i <= n; i++) {
            java.util.Arrays.fill(current, outside);
            current[0] = Math.min(i, outside);
            int from = Math.max(1, i - max);
            int to = Math.min(m, i + max);
            int rowMin = current[0];
            for (int j = from; j <= to; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(previous[j - 1] + cost, Math.min(previous[j] + 1, current[j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, before[j - 2] + 1);
                }
                current[j] = Math.min(v, outside);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin > max) {
                return outside;
            }
            int[] recycled = before;
            before = previous;
            previous = current;
            current = recycled;
        }
        return previous[m];
    }
}
