package io.nicplan.embed.classify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.embed.json.JsonDocuments;
import java.util.List;

/**
 * The placement of every flow, for the command line's {@code classify}: as JSON
 * {@code {"placements":[{"flow":ID,"queue":Q,"queues":[...]}]}} ({@code queue} is null unless
 * the flow reaches exactly one queue) or as text, one flow per line.
 */
public record ClassificationReport(String nic, List<Placement> placements) {
    public ClassificationReport {
        placements = List.copyOf(placements);
    }

    public String toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("nic", nic);
        ArrayNode arr = root.putArray("placements");
        for (Placement p : placements) {
            ObjectNode o = arr.addObject();
            o.put("flow", p.flow());
            if (p.queue().isPresent()) {
                o.put("queue", p.queue().getAsInt());
            } else {
                o.putNull("queue");
            }
            ArrayNode qs = o.putArray("queues");
            p.queues().forEach(qs::add);
        }
        try {
            return JsonDocuments.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree built in memory could not be written", e);
        }
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        int width = placements.stream().mapToInt(p -> p.flow().length()).max().orElse(4);
        for (Placement p : placements) {
            sb.append(String.format("%-" + width + "s  ", p.flow()));
            if (p.dropped()) {
                sb.append("dropped");
            } else if (p.queue().isPresent()) {
                sb.append("queue ").append(p.queue().getAsInt());
            } else {
                sb.append("queues ").append(p.queues());
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }
}
