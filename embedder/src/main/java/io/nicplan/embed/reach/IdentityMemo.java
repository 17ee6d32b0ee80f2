package io.nicplan.embed.reach;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A value derived from an immutable object (a graph, a node), remembered per object by identity for as
 * long as the object is in use elsewhere: every embedding of a plan asks for the same graphs' processing
 * order and port conditions, and deriving them again each time was a tenth of what a new plan allocated
 * (docs/PERFORMANCE.md "HTTP service").
 *
 * <p>Identity rather than equality: graphs and nodes are compared field by field, which costs more than
 * deriving the value again; an equal but distinct object simply gets its own entry. Keys are held
 * weakly, so an entry goes with its object; a value must not refer to its key (the entry would then live
 * for ever). Thread-safe; two threads asking for a new key at once may both derive the value, and both
 * get the one stored first.
 */
final class IdentityMemo<K, V> {
    private final Function<K, V> derive;
    private final Map<Object, V> values = new HashMap<>();
    private final ReferenceQueue<K> collected = new ReferenceQueue<>();

    IdentityMemo(Function<K, V> derive) {
        this.derive = derive;
    }

    V get(K key) {
        Probe probe = new Probe(key);
        synchronized (this) {
            forgetCollected();
            V known = values.get(probe);
            if (known != null) {
                return known;
            }
        }
        V value = derive.apply(key);
        synchronized (this) {
            V first = values.putIfAbsent(new Held<>(key, collected), value);
            return first != null ? first : value;
        }
    }

    private void forgetCollected() {
        for (Object gone = collected.poll(); gone != null; gone = collected.poll()) {
            values.remove(gone);
        }
    }

    /** A stored key: equal to a probe or key for the same object while that object lives. */
    private static final class Held<K> extends WeakReference<K> {
        private final int hash;

        Held(K key, ReferenceQueue<K> queue) {
            super(key, queue);
            this.hash = System.identityHashCode(key);
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            Object mine = get();
            return mine != null && (o instanceof Held<?> h ? h.get() == mine : o instanceof Probe p && p.key == mine);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A lookup by identity, without a weak reference. */
    private record Probe(Object key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Held<?> h ? h.get() == key : o instanceof Probe p && p.key == key;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(key);
        }
    }
}
