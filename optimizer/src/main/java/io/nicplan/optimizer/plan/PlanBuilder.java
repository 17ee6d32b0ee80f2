package io.nicplan.optimizer.plan;

import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.cost.HardRule;
import io.nicplan.optimizer.cost.Term;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.solver.PlacementConstraints;
import io.nicplan.optimizer.solver.PlacementSolution;
import io.nicplan.optimizer.solver.Justifications;
import io.nicplan.optimizer.solver.PlacementSolver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.optaplanner.core.api.score.ScoreExplanation;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import org.optaplanner.core.api.score.constraint.ConstraintMatch;
import org.optaplanner.core.api.score.constraint.ConstraintMatchTotal;

/** Assembles a {@link Plan} from a model and placements, whatever strategy found them. */
public final class PlanBuilder {
    private PlanBuilder() {
    }

    /**
     * The plan for {@code placements}.
     *
     * @param explain whether to compute the per-constraint explanation (costs a full score calculation)
     */
    public static Plan build(CostModel model, List<Placement> placements, String strategy, long millis, boolean explain) {
        CostState state = CostState.of(model, placements);
        Map<String, TermCost> terms = new LinkedHashMap<>();
        for (Term t : model.terms()) {
            long w = model.spec().weight(t);
            terms.put(t.jsonName(), new TermCost(state.term(t), w, w * state.term(t)));
        }
        List<String> reasons = new ArrayList<>(model.structuralReasons());
        for (HardRule r : HardRule.values()) {
            if (state.rule(r) > 0) {
                reasons.add("rule " + r.jsonName() + " broken (penalty " + state.rule(r) + ")");
            }
        }
        for (Term t : model.countTerms()) {
            if (state.reject(t) > 0) {
                reasons.add("term " + t.jsonName() + " rejects the plan (penalty " + state.reject(t) + ")");
            }
        }
        List<FlowPlacement> fps = new ArrayList<>();
        for (int i = 0; i < placements.size(); i++) {
            Placement p = placements.get(i);
            fps.add(new FlowPlacement(model.flow(i).id(), p.mechanism(), p.queue(), p.fastPath()));
        }
        List<ConstraintExplanation> explanation = explain ? explain(model, placements) : List.of();
        return new Plan(model.nic().name(), strategy, reasons.isEmpty(), reasons, state.weightedSoft(), state.hard(), terms, fps,
                ConfigurationBuilder.build(model, placements), pipelines(model, placements), explanation, millis);
    }

    static List<QueuePipeline> pipelines(CostModel model, List<Placement> placements) {
        int q = model.queues();
        int[] flows = new int[q];
        double[] pps = new double[q];
        double[] work = new double[q];
        for (int i = 0; i < placements.size(); i++) {
            Placement p = placements.get(i);
            Flow f = model.flow(i);
            List<Integer> lands = model.lands(p);
            if (!p.isSpread()) {
                flows[p.queue()]++;
            }
            for (int queue : lands) {
                double share = (double) f.pps() / lands.size();
                pps[queue] += share;
                work[queue] += share * model.cycles().cyclesPerPacket(f, queue, p.mechanism(), p.fastPath());
            }
        }
        List<QueuePipeline> out = new ArrayList<>();
        for (int i = 0; i < q; i++) {
            double cpp = pps[i] == 0 ? 0 : work[i] / pps[i];
            out.add(new QueuePipeline(i, flows[i], Math.round(pps[i]), Math.round(cpp * 10) / 10.0, Math.round(work[i] / 1000), model.queueCore(i)));
        }
        return out;
    }

    private static List<ConstraintExplanation> explain(CostModel model, List<Placement> placements) {
        ScoreExplanation<PlacementSolution, HardSoftLongScore> e = PlacementSolver.explain(model, placements);
        List<ConstraintExplanation> out = new ArrayList<>();
        // the term constraints serve every term; a plan explains each term as its own constraint, named by the term
        Map<String, List<Charge>> byName = new LinkedHashMap<>();
        for (ConstraintMatchTotal<HardSoftLongScore> total : e.getConstraintMatchTotalMap().values()) {
            if (total.getScore().isZero() && total.getConstraintMatchCount() == 0) {
                continue;
            }
            for (ConstraintMatch<HardSoftLongScore> m : total.getConstraintMatchSet()) {
                if (m.getJustification() instanceof Justifications.FlowTerms terms) {
                    for (Justifications.FlowTerm t : terms.charges()) {
                        byName.computeIfAbsent(t.term(), k -> new ArrayList<>()).add(new Charge(HardSoftLongScore.ofSoft(-t.cost()), t));
                    }
                } else {
                    byName.computeIfAbsent(explainedName(total.getConstraintName(), m.getJustification()), k -> new ArrayList<>())
                            .add(new Charge(m.getScore(), m.getJustification()));
                }
            }
        }
        byName.forEach((name, charges) -> {
            long hard = 0;
            long soft = 0;
            for (Charge c : charges) {
                hard -= c.score().hardScore();
                soft -= c.score().softScore();
            }
            charges.sort(Comparator.comparing(Charge::score));
            List<String> shown = new ArrayList<>();
            for (Charge c : charges) {
                if (shown.size() == Plan.MAX_MATCHES) {
                    break;
                }
                shown.add(describe(c.justification()));
            }
            out.add(new ConstraintExplanation(name, hard, soft, shown, charges.size()));
        });
        out.sort(Comparator.comparing((ConstraintExplanation c) -> -c.hard()).thenComparing(c -> -c.soft())
                .thenComparing(ConstraintExplanation::constraint));
        return out;
    }

    /** One match, or one term's part of a per-flow terms match, with what it costs. */
    private record Charge(HardSoftLongScore score, Object justification) {
    }

    /** The name a match is explained under: its term's for the spread term constraints, else its constraint's. */
    private static String explainedName(String constraint, Object j) {
        if (j instanceof Justifications.ScopeSpread l) {
            return l.term();
        } else if (j instanceof Justifications.IdleScope i) {
            return i.term() + PlacementConstraints.IDLE;
        } else if (j instanceof Justifications.CountCharge c) {
            return c.reject() > 0 ? c.term() + " (rejects)" : c.term();
        }
        return constraint;
    }

    /** One justification as a sentence. */
    static String describe(Object j) {
        if (j instanceof Justifications.FlowCharge c) {
            return "flow " + c.flow() + " at " + c.placement() + ": " + c.value() + " " + c.why();
        } else if (j instanceof Justifications.FlowTerm c) {
            return "flow " + c.flow() + " at " + c.placement() + ": " + Term.inUnits(c.value()) + " " + c.unit();
        } else if (j instanceof Justifications.ScopeSpread l) {
            return String.format(Locale.ROOT, "%s: loads on its %d queues against a mean of %.1f, sum (L - mean)^2 / mean = %s",
                    l.scope(), l.queues(), l.mean(), Term.inUnits(l.value()));
        } else if (j instanceof Justifications.IdleScope i) {
            return String.format(Locale.ROOT, "%s: none of its %d queues carries load against a mean of %.1f (%s)",
                    i.scope(), i.queues(), i.mean(), Term.inUnits(i.value()));
        } else if (j instanceof Justifications.CountCharge c) {
            return c.reject() > 0 ? c.term() + ": rejects the plan, penalty " + c.reject()
                    : c.term() + ": over the flow counts per queue, " + Term.inUnits(c.value()) + " flows";
        } else if (j instanceof Justifications.TableOverflow t) {
            return "table " + t.table() + " needs " + t.used() + " entries, holds " + t.capacity();
        } else if (j instanceof Justifications.QueueOverLimit o) {
            return "queue " + o.queue() + ": " + o.observed() + " over the " + o.rule() + " limit " + o.limit();
        } else if (j instanceof Justifications.OverlapConflict o) {
            return "flows " + o.first() + " (" + o.firstPlacement() + ") and " + o.second() + " (" + o.secondPlacement() + ") overlap ("
                    + o.relation().replace('_', ' ') + "): one's entry would take the other's packets";
        }
        return String.valueOf(j);
    }
}
