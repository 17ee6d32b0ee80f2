package io.nicplan.optimizer.solver;

import static org.optaplanner.core.api.score.stream.ConstraintCollectors.countBi;
import static org.optaplanner.core.api.score.stream.ConstraintCollectors.sumLong;

import io.nicplan.optimizer.cost.HardRule;
import io.nicplan.optimizer.cost.LinearTerm;
import io.nicplan.optimizer.cost.Overlap;
import io.nicplan.optimizer.cost.SpreadScope;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import org.optaplanner.core.api.score.stream.ConstraintCollectors;
import org.optaplanner.core.api.score.stream.Constraint;
import org.optaplanner.core.api.score.stream.ConstraintFactory;
import org.optaplanner.core.api.score.stream.ConstraintProvider;
import org.optaplanner.core.api.score.stream.Joiners;

/**
 * The placement constraints (Bavet constraint streams), one per method, each with a justification.
 * Hard constraints come from the NIC's tables and the filters' rules and from the cost
 * specification's rules. The soft constraints are three, whatever the terms: every per-flow term and every
 * spread term's scopes and idle scopes, each joined with its term's {@link Weights} fact, so the terms are data
 * ({@link io.nicplan.optimizer.cost.Terms}) and a new term needs nothing here. Spread terms are kept incrementally: per-queue sums via {@code groupBy}, then per
 * scope the sum D of the queues' squared deviations, charged {@link SpreadScope#value} (D over |B| * T,
 * rounded once per scope), so a move re-evaluates only the queues it touches and its scopes' values.
 * The values equal {@link io.nicplan.optimizer.cost.CostState}'s, which the baselines use.
 */
public final class PlacementConstraints implements ConstraintProvider {
    /** The constraint of every spread term; a plan's explanation splits its matches by term. */
    public static final String SPREAD = "spread terms";
    /** Suffix of the companion constraint that charges a spread scope none of whose balanced queues any flow reaches. */
    public static final String IDLE = ": all queues idle";
    /** The constraint of every per-flow term; a plan's explanation splits its matches by term. */
    public static final String LINEAR = "per-flow terms";
    /** The constraint of every flow-count term's value; a plan's explanation names each match by its term. */
    public static final String COUNTS = "flow-count terms";
    /** The constraint of every flow-count term's rejection (Dragonet's CostReject, a hard penalty). */
    public static final String COUNT_REJECTS = "flow-count terms reject";

    @Override
    public Constraint[] defineConstraints(ConstraintFactory f) {
        return new Constraint[] {
            mechanismUnavailable(f), capacity(f), classQueues(f), goldQueueFull(f), sameCore(f), reservedQueue(f),
            maxFlowsPerQueue(f), maxPpsPerQueue(f), overlap(f),
            spreadTerms(f), idleScopes(f), linearTerms(f), countTerms(f), countRejects(f),
        };
    }

    // ---- hard ----------------------------------------------------------------------------------

    /** A mechanism the NIC lacks, an fdir filter or fast-path slot for a flow that is not exact. */
    Constraint mechanismUnavailable(ConstraintFactory f) {
        return perFlowRule(f, HardRule.MECHANISM_UNAVAILABLE, "the NIC cannot steer this flow this way");
    }

    /** Every table holds at most its capacity (82599: 128 five-tuple filters; fdir; FlexNIC entries and slots). */
    Constraint capacity(ConstraintFactory f) {
        return f.forEach(FlowAssignment.class)
                .filter(FlowAssignment::usesAnyPool)
                .join(PoolFact.class, Joiners.filtering((a, p) -> a.uses(p.pool())))
                .groupBy((a, p) -> p, countBi())
                .filter((p, used) -> used > p.capacity())
                .penalizeLong(HardSoftLongScore.ONE_HARD, (p, used) -> used - p.capacity())
                .justifyWith((p, used, score) -> new Justifications.TableOverflow(p.pool().resourceName(), used, p.capacity()))
                .asConstraint(HardRule.CAPACITY.jsonName());
    }

    /** Gold flows only on gold queues and best-effort flows off them (priority), or the static split. */
    Constraint classQueues(ConstraintFactory f) {
        return perFlowRule(f, HardRule.CLASS_QUEUES, "the queue is not one of its class's queues");
    }

    /** No gold queue carries more than goldFlowsPerQueue gold flows. */
    Constraint goldQueueFull(ConstraintFactory f) {
        return f.forEach(FlowAssignment.class)
                .filter(a -> a.isGold() && !a.isSpread())
                .join(QueueFact.class, Joiners.equal(FlowAssignment::queue, QueueFact::id))
                .filter((a, q) -> q.goldCap() > 0)
                .groupBy((a, q) -> q, countBi())
                .filter((q, n) -> n > q.goldCap())
                .penalizeLong(HardSoftLongScore.ONE_HARD, (q, n) -> n - q.goldCap())
                .justifyWith((q, n, score) -> new Justifications.QueueOverLimit(HardRule.GOLD_QUEUE_FULL.jsonName(), q.id(), n, q.goldCap()))
                .asConstraint(HardRule.GOLD_QUEUE_FULL.jsonName());
    }

    /** Rule sameCore: a flow's queue is served by a core its application runs on. */
    Constraint sameCore(ConstraintFactory f) {
        return perFlowRule(f, HardRule.SAME_CORE, "its queue's core does not run its application");
    }

    /** Rule reservedQueues: no flow on a reserved queue. */
    Constraint reservedQueue(ConstraintFactory f) {
        return perFlowRule(f, HardRule.RESERVED_QUEUE, "the queue is reserved");
    }

    /** Rule maxFlowsPerQueue. */
    Constraint maxFlowsPerQueue(ConstraintFactory f) {
        return f.forEach(FlowAssignment.class)
                .filter(a -> !a.isSpread() && a.model().spec().rules().maxFlowsPerQueue().isPresent())
                .join(QueueFact.class, Joiners.equal(FlowAssignment::queue, QueueFact::id))
                .groupBy((a, q) -> q, countBi())
                .filter((q, n) -> q.flowsExcess(n) > 0)
                .penalizeLong(HardSoftLongScore.ONE_HARD, (q, n) -> q.flowsExcess(n))
                .justifyWith((q, n, score) -> new Justifications.QueueOverLimit(HardRule.MAX_FLOWS_PER_QUEUE.jsonName(), q.id(), n,
                        q.model().spec().rules().maxFlowsPerQueue().orElse(0)))
                .asConstraint(HardRule.MAX_FLOWS_PER_QUEUE.jsonName());
    }

    /** Rule maxPpsPerQueue; the penalty is the percentage over the limit, rounded up. */
    Constraint maxPpsPerQueue(ConstraintFactory f) {
        return f.forEach(FlowAssignment.class)
                .filter(a -> !a.isSpread() && a.model().spec().rules().maxPpsPerQueue().isPresent())
                .join(QueueFact.class, Joiners.equal(FlowAssignment::queue, QueueFact::id))
                .groupBy((a, q) -> q, sumLong((a, q) -> a.pps()))
                .filter((q, pps) -> q.ppsExcess(pps) > 0)
                .penalizeLong(HardSoftLongScore.ONE_HARD, (q, pps) -> q.ppsExcess(pps))
                .justifyWith((q, pps, score) -> new Justifications.QueueOverLimit(HardRule.MAX_PPS_PER_QUEUE.jsonName(), q.id(), pps,
                        q.model().spec().rules().maxPpsPerQueue().orElse(0)))
                .asConstraint(HardRule.MAX_PPS_PER_QUEUE.jsonName());
    }

    /** Overlapping flows: the NIC must deliver each flow's packets where its placement says. */
    Constraint overlap(ConstraintFactory f) {
        return f.forEach(Overlap.class)
                .join(FlowAssignment.class, Joiners.equal(Overlap::first, FlowAssignment::index))
                .join(FlowAssignment.class, Joiners.equal((o, a) -> o.second(), FlowAssignment::index))
                .filter((o, a, b) -> a.model().overlapViolated(o, a.getPlacement(), b.getPlacement()))
                .penalize(HardSoftLongScore.ONE_HARD)
                .justifyWith((o, a, b, score) -> new Justifications.OverlapConflict(a.flow().id(), a.getPlacement().toString(),
                        b.flow().id(), b.getPlacement().toString(), o.relation().name().toLowerCase(java.util.Locale.ROOT)))
                .asConstraint(HardRule.OVERLAP.jsonName());
    }

    private Constraint perFlowRule(ConstraintFactory f, HardRule rule, String why) {
        return f.forEach(FlowAssignment.class)
                .filter(a -> a.violates(rule))
                .penalize(HardSoftLongScore.ONE_HARD)
                .justifyWith((a, score) -> new Justifications.FlowCharge(a.flow().id(), a.getPlacement().toString(), 1, why))
                .asConstraint(rule.jsonName());
    }

    // ---- soft: the terms --------------------------------------------------------------------------

    /**
     * Every spread term's scopes ({@link SpreadScope}): per-queue loads summed by {@code groupBy}, then per scope the sum
     * D of its balanced queues' squares, charged the term's weight times {@link SpreadScope#value}.
     */
    Constraint spreadTerms(ConstraintFactory f) {
        return f.forEach(FlowAssignment.class)
                .flattenLast(FlowAssignment::shares)
                .join(SpreadScope.class, Joiners.filtering((QueueShare sh, SpreadScope s) -> s.counts(sh.assignment().flow())))
                .groupBy((sh, s) -> s, (sh, s) -> sh.queue(), sumLong((sh, s) -> sh.load(s)))
                .filter((s, q, load) -> s.balances(q))
                // D = the idle queues' squares plus, per loaded queue, its square instead of an idle one
                .groupBy((s, q, load) -> s, sumLong((s, q, load) -> s.square(load) - s.square(0)))
                .join(Weights.class)
                .penalizeLong(HardSoftLongScore.ONE_SOFT, (s, extra, w) -> w.of(s.term()) * s.value(s.idleSquares() + extra))
                .justifyWith((s, extra, w, score) -> new Justifications.ScopeSpread(s.term().jsonName(), s.label(), s.balancedCount(),
                        s.mean(), s.value(s.idleSquares() + extra)))
                .asConstraint(SPREAD);
    }

    /** A scope none of whose balanced queues any flow it counts reaches: D is all idle squares. */
    Constraint idleScopes(ConstraintFactory f) {
        return f.forEach(SpreadScope.class)
                .ifNotExists(FlowAssignment.class, Joiners.filtering((s, a) -> s.counts(a.flow()) && a.landsOnAny(s)))
                .join(Weights.class)
                .penalizeLong(HardSoftLongScore.ONE_SOFT, (s, w) -> w.of(s.term()) * s.value(s.idleSquares()))
                .justifyWith((s, w, score) -> new Justifications.IdleScope(s.term().jsonName(), s.label(), s.balancedCount(), s.mean(),
                        s.value(s.idleSquares())))
                .asConstraint(SPREAD + IDLE);
    }

    /**
     * Every per-flow term: per flow, the sum over the weighted terms of weight times {@link LinearTerm#value} (one
     * match per flow whatever the number of terms; its justification lists each term's charge).
     */
    Constraint linearTerms(ConstraintFactory f) {
        return f.forEach(FlowAssignment.class)
                .join(f.forEach(Weights.class).filter(Weights::hasLinear))
                // a flow that costs nothing is a match of weight 0: cheaper than evaluating its terms twice
                .penalizeLong(HardSoftLongScore.ONE_SOFT, (a, w) -> w.linearCost(a))
                .justifyWith((a, w, score) -> new Justifications.FlowTerms(w.linearCharges(a)))
                .asConstraint(LINEAR);
    }

    /**
     * Every flow-count term ({@link io.nicplan.optimizer.cost.QueueCountTerm}): the placed flows collected, each term
     * evaluated over the counts per queue and class, charged its weight times its value. Not incremental (a term of
     * this kind is not a sum over queues); the search scores with {@link IncrementalCost}, these streams explain.
     */
    Constraint countTerms(ConstraintFactory f) {
        return f.forEach(FlowAssignment.class)
                .filter(a -> !a.model().countTerms().isEmpty())
                .groupBy(ConstraintCollectors.toList())
                .flattenLast(FlowAssignment::countCharges)
                .join(Weights.class)
                .penalizeLong(HardSoftLongScore.ONE_SOFT, (c, w) -> w.of(c.term()) * c.charge().value())
                .justifyWith((c, w, score) -> c.charge())
                .asConstraint(COUNTS);
    }

    /** A flow-count term's rejection of the plan, whatever its weight: a hard penalty. */
    Constraint countRejects(ConstraintFactory f) {
        return f.forEach(FlowAssignment.class)
                .filter(a -> !a.model().countTerms().isEmpty())
                .groupBy(ConstraintCollectors.toList())
                .flattenLast(FlowAssignment::countCharges)
                .filter(c -> c.charge().reject() > 0)
                .penalizeLong(HardSoftLongScore.ONE_HARD, c -> c.charge().reject())
                .justifyWith((c, score) -> c.charge())
                .asConstraint(COUNT_REJECTS);
    }
}
