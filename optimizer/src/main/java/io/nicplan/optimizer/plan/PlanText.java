package io.nicplan.optimizer.plan;

import io.nicplan.optimizer.cost.Term;
import java.util.Locale;

/** A plan as text for a terminal: summary, cost by term, queues, then the explanation. */
public final class PlanText {
    private PlanText() {
    }

    public static String render(Plan plan) {
        StringBuilder sb = new StringBuilder();
        sb.append("plan for ").append(plan.nic()).append(" by ").append(plan.strategy())
                .append(" in ").append(plan.millis()).append(" ms: ").append(plan.feasible() ? "feasible" : "INFEASIBLE").append('\n');
        plan.reasons().forEach(r -> sb.append("  reason: ").append(r).append('\n'));
        plan.verification().ifPresent(v -> {
            sb.append("  embedder re-check: ").append(v.agrees() ? "all " + v.checked() + " placements agree"
                    : v.mismatches().size() + " of " + v.checked() + " placements differ").append('\n');
            v.mismatches().forEach(m -> sb.append("  mismatch: ").append(m).append('\n'));
        });
        // term values are held in thousandths of their units (Term.SCALE); shown here in the units
        sb.append("cost ").append(Term.inUnits(plan.total())).append(plan.hard() > 0 ? " (hard " + plan.hard() + ")" : "").append('\n');
        plan.terms().forEach((name, t) -> sb.append(String.format(Locale.ROOT, "  %-15s %19s x %-5d = %s%n", name,
                Term.inUnits(t.value()), t.weight(), Term.inUnits(t.cost()))));
        long filters = plan.placements().stream().filter(p -> p.mechanism().isFilter()).count();
        long fast = plan.placements().stream().filter(FlowPlacement::fastPath).count();
        sb.append(plan.placements().size()).append(" flows: ").append(filters).append(" with an entry of their own, ")
                .append(fast).append(" on the fast path\n");
        sb.append("queue  flows        pps  cycles/pkt  kcycles/s\n");
        for (QueuePipeline q : plan.pipelines()) {
            sb.append(String.format(Locale.ROOT, "%5d %6d %10d %11.1f %10d%n", q.queue(), q.flows(), q.pps(), q.cyclesPerPacket(), q.kcyclesPerSecond()));
        }
        for (ConstraintExplanation c : plan.explanation()) {
            sb.append(c.constraint()).append(": ").append(c.hard() > 0 ? c.hard() + " hard" : c.soft() + " soft")
                    .append(" from ").append(c.matchCount()).append(" matches\n");
            c.matches().forEach(m -> sb.append("    ").append(m).append('\n'));
        }
        return sb.toString();
    }
}
