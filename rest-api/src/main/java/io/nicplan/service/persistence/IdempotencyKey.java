package io.nicplan.service.persistence;

/**
 * A POST's {@code Idempotency-Key} as stored: the key the client chose, in the scope of the token holder that sent
 * it ({@code holder}: the token's name, or {@code local}/{@code anonymous} without a token), so that two clients
 * choosing the same key never share a plan. Unique per (holder, key) in {@code plan_job}.
 */
public record IdempotencyKey(String holder, String key) {
}
