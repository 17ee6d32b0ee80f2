package io.nicplan.optimizer.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.optimizer.domain.TrafficClass;
import java.util.List;
import java.util.Set;

/** The static cost: the specification lists each class's queues. */
final class StaticSplit extends ClassBalance {
    @Override
    public String jsonName() {
        return "static";
    }

    @Override
    void split(ClassSplit s) {
        boolean[] gold = new boolean[s.queues()];
        boolean[] be = new boolean[s.queues()];
        for (TrafficClass c : TrafficClass.values()) {
            List<Integer> qs = s.spec().staticQueues().get(c);
            for (int i = 0; i < qs.size(); i++) {
                s.checkQueue(qs.get(i), "/terms/static/" + c.jsonName() + "/" + i);
                (c == TrafficClass.GOLD ? gold : be)[qs.get(i)] = true;
            }
        }
        s.set(gold, be, false);
    }

    @Override
    public Set<String> options() {
        return Set.of("gold", "besteffort", "byRate");
    }

    @Override
    public void readOptions(JsonNode body, String at, CostSpecReader.Options into) {
        super.readOptions(body, at, into);
        for (TrafficClass c : TrafficClass.values()) {
            JsonNode q = body.get(c.jsonName());
            if (q == null) {
                throw new CostSpecException(at + "/" + c.jsonName(), "missing: the static term needs the queues of every class");
            }
            into.staticQueues.put(c, CostSpecReader.queueList(q, at + "/" + c.jsonName(), false));
        }
    }

    @Override
    public void writeOptions(CostSpec spec, ObjectNode into) {
        super.writeOptions(spec, into);
        spec.staticQueues().forEach((c, qs) -> qs.forEach(into.putArray(c.jsonName())::add));
    }
}
