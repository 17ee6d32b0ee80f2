package io.nicplan.service.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.embed.state.Flow;
import io.nicplan.flexnic.backend.Backend;
import io.nicplan.flexnic.backend.FlowReplay;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The traffic endpoint's answer: per flow what the plan predicted and where its frames went (the
 * backend's {@link FlowReplay} did the sending), whether they agree by the backend's rule
 * ({@link Backend#agrees}), and a summary.
 */
final class TrafficReport {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** What the plan says about one flow: its mechanism and queue (empty: spread by RSS). */
    record Prediction(String mechanism, Optional<Integer> queue, boolean fastPath) {
    }

    private TrafficReport() {
    }

    /** Predictions from a plan's placements, by flow id. */
    static Map<String, Prediction> predictions(JsonNode plan) {
        Map<String, Prediction> out = new LinkedHashMap<>();
        for (JsonNode p : plan.path("placements")) {
            JsonNode q = p.path("queue");
            out.put(p.path("flow").asText(), new Prediction(p.path("mechanism").asText(),
                    q.isNumber() ? Optional.of(q.asInt()) : Optional.empty(), p.path("fastPath").asBoolean()));
        }
        return out;
    }

    /**
     * The report of one replay.
     *
     * @param seen per flow (in {@code flows} order) where its frames went
     * @param rssQueues the queues of the RSS indirection table: where a flow the plan leaves to RSS may land
     */
    static ObjectNode of(List<Flow> flows, List<List<FlowReplay.Delivery>> seen, Map<String, Prediction> predicted,
                         List<Integer> rssQueues) {
        ObjectNode out = JSON.objectNode();
        ArrayNode results = out.putArray("flows");
        int compared = 0;
        int agreed = 0;
        long sent = 0;
        for (int i = 0; i < flows.size(); i++) {
            Flow f = flows.get(i);
            List<FlowReplay.Delivery> frames = seen.get(i);
            sent += frames.size();
            ObjectNode r = results.addObject();
            r.put("flow", f.id());
            r.put("packets", frames.size());
            Prediction p = predicted.get(f.id());
            if (p != null) {
                ObjectNode pr = r.putObject("predicted");
                pr.put("mechanism", p.mechanism());
                if (p.queue().isPresent()) {
                    pr.put("queue", p.queue().get());
                } else {
                    pr.putNull("queue");
                }
                pr.put("fastPath", p.fastPath());
            }
            Map<Integer, Long> queues = new TreeMap<>();
            Map<String, Long> drops = new TreeMap<>();
            long fastPath = 0;
            for (FlowReplay.Delivery d : frames) {
                if (d.dropReason().isPresent()) {
                    drops.merge(d.dropReason().get().toUpperCase(), 1L, Long::sum);
                } else if (d.queue() >= 0) {
                    queues.merge(d.queue(), 1L, Long::sum);
                    fastPath += d.fate().equals("FAST_PATH") ? 1 : 0;
                } else {
                    drops.merge("OTHER_" + d.fate(), 1L, Long::sum);
                }
            }
            ObjectNode ob = r.putObject("observed");
            ObjectNode qs = ob.putObject("queues");
            queues.forEach((q, c) -> qs.put(Integer.toString(q), c));
            if (fastPath > 0) {
                ob.put("fastPath", fastPath);
            }
            if (!drops.isEmpty()) {
                ObjectNode ds = ob.putObject("drops");
                drops.forEach(ds::put);
            }
            if (p != null) {
                Set<Integer> expected = p.queue().map(Set::of).orElseGet(() -> new TreeSet<>(rssQueues));
                // A flow predicted to reach no queue is one the plan drops; here every placement names a queue or RSS.
                boolean agree = !expected.isEmpty() && Backend.agrees(expected, frames)
                        && (!p.fastPath() || fastPath == frames.size());
                r.put("agree", agree);
                compared++;
                agreed += agree ? 1 : 0;
            }
        }
        ObjectNode summary = out.putObject("summary");
        summary.put("flows", flows.size());
        summary.put("packets", sent);
        summary.put("compared", compared);
        summary.put("agreed", agreed);
        summary.put("agreement", compared == 0 ? 0.0 : (double) agreed / compared);
        return out;
    }
}
