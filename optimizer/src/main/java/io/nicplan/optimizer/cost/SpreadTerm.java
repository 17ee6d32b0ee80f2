package io.nicplan.optimizer.cost;

/**
 * A term over how load spreads: it names the {@link SpreadScope}s (flows counted, queues balanced, by count or by
 * rate) and each scope is charged the squared deviation of its queues' loads from their mean (see SpreadScope).
 */
public interface SpreadTerm extends Term {
    /** Adds this term's scopes through {@code scopes}. */
    void addScopes(ScopeFactory scopes);
}
