package io.nicplan.app.emulate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a plan says about one flow: its mechanism and queue (empty: spread by RSS), and whether it takes a
 * FlexTCP fast-path slot.
 */
public record Prediction(String mechanism, Optional<Integer> queue, boolean fastPath) {

    /** Predictions from a plan's placements (plan JSON, docs/formats.md), by flow id. */
    public static Map<String, Prediction> of(JsonNode plan) {
        Map<String, Prediction> out = new LinkedHashMap<>();
        for (JsonNode p : plan.path("placements")) {
            JsonNode q = p.path("queue");
            out.put(p.path("flow").asText(), new Prediction(p.path("mechanism").asText(),
                    q.isNumber() ? Optional.of(q.asInt()) : Optional.empty(), p.path("fastPath").asBoolean()));
        }
        return out;
    }
}
