package io.nicplan.graph;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Values derived from one immutable object alone (a graph's index, a configured graph's compiled
 * classifier), one per kind, built on first use and kept by that object: what depends only on it is
 * not built again by every caller. The kind is the value's own class, so each deriving class has its
 * own entry. Thread-safe; {@code derive} runs outside the lock, so two threads deriving at once both
 * build the value, and the first kept is the one both get.
 */
public final class DerivedValues {
    private final Map<Class<?>, Object> byKind = new HashMap<>(4); // few kinds: most graphs derive one or none

    /** The value of {@code kind} derived from {@code source}: the kept one, or {@code derive}'s, then kept. */
    public <S, T> T get(S source, Class<T> kind, Function<? super S, ? extends T> derive) {
        synchronized (byKind) {
            Object known = byKind.get(kind);
            if (known != null) {
                return kind.cast(known);
            }
        }
        T built = Objects.requireNonNull(derive.apply(source), "derived value");
        synchronized (byKind) {
            return kind.cast(byKind.computeIfAbsent(kind, k -> built));
        }
    }
}
