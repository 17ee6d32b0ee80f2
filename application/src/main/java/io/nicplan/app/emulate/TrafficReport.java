package io.nicplan.app.emulate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.flexnic.backend.FlexTcpTraffic;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a traffic replay showed: per flow what the plan predicted, where its frames went, and whether they
 * agree (every frame on a predicted queue, on the fast path when the plan says so), with a summary.
 */
public record TrafficReport(List<FlowResult> flows) {
    public TrafficReport {
        flows = List.copyOf(flows);
    }

    /**
     * One flow's frames.
     *
     * @param queues frames per receive queue
     * @param fastPath frames FlexTCP's fast path took
     * @param drops frames dropped, by reason
     * @param agree whether they went where the plan said; empty when the plan says nothing of this flow
     * @param connection for a flow on FlexTCP's fast path, driven as a connection: bytes delivered, segments on the
     *     fast path and the slow path, the flow state's context against the plan
     */
    public record FlowResult(String flow, int packets, Optional<Prediction> predicted, SortedMap<Integer, Long> queues,
                             long fastPath, SortedMap<String, Long> drops, Optional<Boolean> agree,
                             Optional<FlexTcpTraffic.ConnectionReport> connection) {
        public FlowResult {
            queues = Collections.unmodifiableSortedMap(new TreeMap<>(queues));
            drops = Collections.unmodifiableSortedMap(new TreeMap<>(drops));
        }
    }

    /** Frames sent in all. */
    public long packets() {
        return flows.stream().mapToLong(FlowResult::packets).sum();
    }

    /** Flows with a prediction. */
    public int compared() {
        return (int) flows.stream().filter(f -> f.agree().isPresent()).count();
    }

    /** Flows whose frames went where the plan said. */
    public int agreed() {
        return (int) flows.stream().filter(f -> f.agree().orElse(false)).count();
    }

    /** {@code {flows: [{flow, packets, predicted?, observed, connection?, agree?}], summary}}. */
    public ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode results = out.putArray("flows");
        for (FlowResult f : flows) {
            ObjectNode r = results.addObject();
            r.put("flow", f.flow());
            r.put("packets", f.packets());
            f.predicted().ifPresent(p -> {
                ObjectNode pr = r.putObject("predicted");
                pr.put("mechanism", p.mechanism());
                if (p.queue().isPresent()) {
                    pr.put("queue", p.queue().get());
                } else {
                    pr.putNull("queue");
                }
                pr.put("fastPath", p.fastPath());
            });
            ObjectNode ob = r.putObject("observed");
            ObjectNode qs = ob.putObject("queues");
            f.queues().forEach((q, c) -> qs.put(Integer.toString(q), c));
            if (f.fastPath() > 0) {
                ob.put("fastPath", f.fastPath());
            }
            if (!f.drops().isEmpty()) {
                ObjectNode ds = ob.putObject("drops");
                f.drops().forEach(ds::put);
            }
            f.connection().ifPresent(c -> {
                ObjectNode cn = r.putObject("connection");
                cn.put("bytesSent", c.bytesSent());
                cn.put("bytesDelivered", c.bytesDelivered());
                cn.put("byteExact", c.byteExact());
                cn.put("fastPathSegments", c.fastPathSegments());
                cn.put("slowPathSegments", c.slowPathSegments());
                cn.put("plannedQueue", c.plannedQueue());
                cn.put("context", c.context());
                cn.put("matchesPlan", c.matchesPlan());
                if (!c.problem().isEmpty()) {
                    cn.put("problem", c.problem());
                }
            });
            f.agree().ifPresent(a -> r.put("agree", a));
        }
        ObjectNode summary = out.putObject("summary");
        int compared = compared();
        int agreed = agreed();
        summary.put("flows", flows.size());
        summary.put("packets", packets());
        summary.put("compared", compared);
        summary.put("agreed", agreed);
        summary.put("agreement", compared == 0 ? 0.0 : (double) agreed / compared);
        return out;
    }
}
