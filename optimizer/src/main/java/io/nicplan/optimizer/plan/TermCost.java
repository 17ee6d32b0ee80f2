package io.nicplan.optimizer.plan;

/** One soft term of a plan's cost: its raw value, its weight, and their product. */
public record TermCost(long value, long weight, long cost) {
}
