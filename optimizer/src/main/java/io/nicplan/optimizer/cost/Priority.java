package io.nicplan.optimizer.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.optimizer.domain.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Dragonet's priority cost: gold flows on exclusive queues, at most {@code goldFlowsPerQueue} each (the queues given,
 * or as many as the gold flows need taken from the highest-numbered ones), best-effort flows on the rest.
 */
final class Priority extends ClassBalance {
    @Override
    public String jsonName() {
        return "priority";
    }

    @Override
    void split(ClassSplit s) {
        CostSpec spec = s.spec();
        boolean[] gold = new boolean[s.queues()];
        long nGold = s.flows().stream().filter(Flow::isGold).count();
        long nBe = s.flows().size() - nGold;
        if (spec.goldQueues().isPresent()) {
            List<Integer> given = spec.goldQueues().get();
            for (int i = 0; i < given.size(); i++) {
                s.checkQueue(given.get(i), "/terms/priority/goldQueues/" + i);
                gold[given.get(i)] = true;
            }
            long need = ceilDiv(nGold, spec.goldFlowsPerQueue());
            if (need > given.size()) {
                s.reason(nGold + " gold flows need ceil(" + nGold + "/" + spec.goldFlowsPerQueue() + ") = " + need
                        + " exclusive queues; /terms/priority/goldQueues lists " + given.size());
            }
        } else if (nGold > 0) {
            List<Integer> candidates = new ArrayList<>();
            for (int q = s.queues() - 1; q >= 0; q--) {
                if (s.eligible(q) && q != s.defaultQueue()) {
                    candidates.add(q);
                }
            }
            long need = ceilDiv(nGold, spec.goldFlowsPerQueue());
            long most = Math.max(0, candidates.size() - (nBe > 0 ? 1 : 0));
            if (need > most) {
                s.reason(nGold + " gold flows need ceil(" + nGold + "/" + spec.goldFlowsPerQueue() + ") = " + need
                        + " exclusive queues, but at most " + most + " of the " + s.queues() + " queues can be gold"
                        + " (queue " + s.defaultQueue() + " is the default queue"
                        + (nBe > 0 ? ", and one must stay for the " + nBe + " best-effort flows" : "") + ")");
            }
            for (int i = 0; i < Math.min(need, most); i++) {
                gold[candidates.get(i)] = true;
            }
        }
        boolean[] be = new boolean[s.queues()];
        for (int q = 0; q < s.queues(); q++) {
            be[q] = s.eligible(q) && !gold[q];
        }
        s.set(gold, be, true);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    @Override
    public Set<String> options() {
        return Set.of("goldFlowsPerQueue", "goldQueues", "byRate");
    }

    @Override
    public void readOptions(JsonNode body, String at, CostSpecReader.Options into) {
        super.readOptions(body, at, into);
        JsonNode g = body.get("goldFlowsPerQueue");
        if (g != null) {
            into.goldFlowsPerQueue = (int) CostSpecReader.integer(g, at + "/goldFlowsPerQueue", 1, 1_000_000);
        }
        JsonNode q = body.get("goldQueues");
        if (q != null) {
            into.goldQueues = Optional.of(CostSpecReader.queueList(q, at + "/goldQueues", false));
        }
    }

    @Override
    public void writeOptions(CostSpec spec, ObjectNode into) {
        super.writeOptions(spec, into);
        into.put("goldFlowsPerQueue", spec.goldFlowsPerQueue());
        spec.goldQueues().ifPresent(qs -> qs.forEach(into.putArray("goldQueues")::add));
    }
}
