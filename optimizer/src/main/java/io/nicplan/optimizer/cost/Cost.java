package io.nicplan.optimizer.cost;

/**
 * A plan's cost: hard-rule violations first, then the weighted soft terms. Lower is better;
 * a plan with {@code hard == 0} is feasible.
 */
public record Cost(long hard, long soft) implements Comparable<Cost> {

    public boolean feasible() {
        return hard == 0;
    }

    @Override
    public int compareTo(Cost o) {
        int c = Long.compare(hard, o.hard);
        return c != 0 ? c : Long.compare(soft, o.soft);
    }

    public boolean betterThan(Cost o) {
        return compareTo(o) < 0;
    }

    @Override
    public String toString() {
        return hard + "hard/" + soft + "soft";
    }
}
