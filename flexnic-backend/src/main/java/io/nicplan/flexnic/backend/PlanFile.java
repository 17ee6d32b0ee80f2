package io.nicplan.flexnic.backend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.configure.ConfigurationReader;
import io.nicplan.graph.DataflowGraph;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the backend needs from a plan JSON (docs/formats.md "Plan"): its {@code configuration},
 * checked against the NIC description, and its {@code placements}' queues by flow. Other fields
 * are ignored.
 */
public record PlanFile(Configuration configuration, Map<String, Integer> placements) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public PlanFile {
        placements = Collections.unmodifiableMap(new LinkedHashMap<>(placements));
    }

    /** The placements as predictions (one queue per placed flow). */
    public Predictions predictions() {
        return Predictions.ofQueues(placements);
    }

    /**
     * Reads a plan.
     *
     * @throws IllegalArgumentException when the text is not JSON, lacks {@code configuration}, or a
     *     placement lacks its flow or has a non-integer queue (the message names where)
     * @throws io.nicplan.embed.input.InvalidInputException when the configuration does not fit {@code prg}
     */
    public static PlanFile read(String json, DataflowGraph prg) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("plan: not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("plan: expected a JSON object");
        }
        JsonNode config = root.get("configuration");
        if (config == null || !config.isObject()) {
            throw new IllegalArgumentException("plan: /configuration must be an object of C-node values");
        }
        Configuration configuration = ConfigurationReader.read(config.toString(), prg);
        Map<String, Integer> placements = new LinkedHashMap<>();
        JsonNode list = root.path("placements");
        if (!list.isMissingNode() && !list.isArray()) {
            throw new IllegalArgumentException("plan: /placements must be an array");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            if (!p.path("flow").isTextual()) {
                throw new IllegalArgumentException("plan: /placements/" + i + "/flow must be a string");
            }
            JsonNode q = p.path("queue");
            if (q.isMissingNode() || q.isNull()) {
                continue; // a flow the plan leaves to RSS without naming a queue: nothing to compare
            }
            if (!q.canConvertToInt() || !q.isIntegralNumber() || q.asInt() < 0) {
                throw new IllegalArgumentException("plan: /placements/" + i + "/queue must be a queue number, not " + q);
            }
            placements.put(p.get("flow").asText(), q.asInt());
        }
        return new PlanFile(configuration, placements);
    }
}
