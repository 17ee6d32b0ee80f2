package io.nicplan.embed.classify;

import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.expand.QueueLayout;
import io.nicplan.embed.reach.ContextSimplifier;
import io.nicplan.embed.reach.Reachability;
import io.nicplan.graph.predicate.Predicate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The packets that reach each receive queue of a configured graph (its reachability fixpoint). */
public final class QueuePredicates {
    private final Reachability reachability;
    private final Map<Integer, Predicate> byQueue;
    private final Map<Integer, ContextSimplifier> simplifiers = new java.util.HashMap<>();

    private QueuePredicates(Reachability reachability, Map<Integer, Predicate> byQueue) {
        this.reachability = reachability;
        this.byQueue = Collections.unmodifiableMap(byQueue);
    }

    public static QueuePredicates of(ConfiguredGraph g) {
        return of(g, Reachability.compute(g.graph()));
    }

    /** From a fixpoint already computed (e.g. in a chosen processing order). */
    public static QueuePredicates of(ConfiguredGraph g, Reachability r) {
        QueueLayout layout = g.graph().derived(QueueLayout.class, QueueLayout::of);
        Map<Integer, Predicate> m = new LinkedHashMap<>();
        for (int q : layout.queues()) {
            m.put(q, r.reach(layout.rxNode(q).orElseThrow()));
        }
        return new QueuePredicates(r, m);
    }

    public Reachability reachability() {
        return reachability;
    }

    /** Queues in ascending order. */
    public List<Integer> queues() {
        return List.copyOf(byQueue.keySet());
    }

    /** A simplifier of the queue's predicate under flow contexts (created on first use, then reused). */
    public synchronized ContextSimplifier simplifier(int queue) {
        return simplifiers.computeIfAbsent(queue, q -> new ContextSimplifier(of(q)));
    }

    /** The packets that reach {@code queue} ({@code false} for an unknown queue). */
    public Predicate of(int queue) {
        return byQueue.getOrDefault(queue, Predicate.FALSE);
    }
}
