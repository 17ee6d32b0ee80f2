package io.nicplan.app.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.optimizer.plan.Plan;
import io.nicplan.optimizer.plan.PlanDiff;
import io.nicplan.optimizer.plan.PlanJson;

/** A re-plan after flows were added or removed: the new plan and the table writes that lead to it. */
public record PlanChange(Plan plan, PlanDiff diff) {

    /** The diff as JSON: {@code {size, nodes: {C-NODE: {add: [...], remove: [...], move: [{from, to}]}}}}. */
    public JsonNode diffJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("size", diff.size());
        ObjectNode nodes = root.putObject("nodes");
        diff.nodes().forEach((id, d) -> {
            ObjectNode n = nodes.putObject(id);
            d.add().forEach(v -> n.withArray("add").add(PlanJson.value(v)));
            d.remove().forEach(v -> n.withArray("remove").add(PlanJson.value(v)));
            d.move().forEach(m -> {
                ObjectNode mv = n.withArray("move").addObject();
                mv.set("from", PlanJson.value(m.from()));
                mv.set("to", PlanJson.value(m.to()));
            });
        });
        return root;
    }
}
