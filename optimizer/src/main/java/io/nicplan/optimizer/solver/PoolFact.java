package io.nicplan.optimizer.solver;

import io.nicplan.optimizer.cost.Pool;

/** Problem fact: a finite table and how many entries it holds. */
public record PoolFact(Pool pool, int capacity) {
}
