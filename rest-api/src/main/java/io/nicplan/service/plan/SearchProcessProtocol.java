package io.nicplan.service.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.app.InputException;
import io.nicplan.service.problem.InputError;
import java.util.ArrayList;
import java.util.List;

/**
 * What the service and its search process say to each other: one compact JSON object per line.
 *
 * <ul>
 *   <li>service to process: {@code {"op":"search","job","nic":{id,name,builtin,source?},"request","floor"?}}, the
 *       stored inputs of a job (with what is left of its time limit) and the best plan an earlier holder stored;
 *       {@code {"op":"stop","job"}}.</li>
 *   <li>process to service: {@code {"event":"better"|"done","job",strategy,feasible,hard,total}} followed by a line
 *       with the plan's JSON as stored; {@code {"event":"refused","job","errors":[{pointer,message}]}} when the NIC
 *       refutes the inputs; {@code {"event":"failed","job","message"}}.</li>
 * </ul>
 * A plan's JSON is passed on as text, so the service stores it without parsing it.
 */
final class SearchProcessProtocol {
    static final String OP = "op";
    static final String SEARCH = "search";
    static final String STOP = "stop";
    static final String JOB = "job";
    static final String NIC = "nic";
    static final String REQUEST = "request";
    static final String FLOOR = "floor";
    static final String EVENT = "event";
    static final String BETTER = "better";
    static final String DONE = "done";
    static final String REFUSED = "refused";
    static final String FAILED = "failed";

    private SearchProcessProtocol() {
    }

    static ObjectNode better(ObjectMapper json, String job, PlanScore score) {
        return scored(json, BETTER, job, score);
    }

    static ObjectNode done(ObjectMapper json, String job, PlanScore score) {
        return scored(json, DONE, job, score);
    }

    static ObjectNode refused(ObjectMapper json, String job, List<InputException.Problem> problems) {
        ObjectNode n = event(json, REFUSED, job);
        ArrayNode errors = n.putArray("errors");
        for (InputException.Problem p : problems) {
            errors.addObject().put("pointer", p.pointer()).put("message", p.message());
        }
        return n;
    }

    static ObjectNode failed(ObjectMapper json, String job, String message) {
        return event(json, FAILED, job).put("message", message);
    }

    /** Whether an event is followed by a line with a plan. */
    static boolean carriesPlan(JsonNode event) {
        String kind = event.path(EVENT).asText();
        return kind.equals(BETTER) || kind.equals(DONE);
    }

    static PlanScore score(JsonNode event) {
        return new PlanScore(event.path("strategy").asText(), event.path("feasible").asBoolean(),
                event.path("hard").asLong(), event.path("total").asLong());
    }

    static List<InputError> errors(JsonNode refused) {
        List<InputError> errors = new ArrayList<>();
        for (JsonNode e : refused.path("errors")) {
            errors.add(new InputError(e.path("pointer").asText(), e.path("message").asText()));
        }
        return errors;
    }

    private static ObjectNode scored(ObjectMapper json, String kind, String job, PlanScore score) {
        return event(json, kind, job).put("strategy", score.strategy()).put("feasible", score.feasible())
                .put("hard", score.hard()).put("total", score.total());
    }

    private static ObjectNode event(ObjectMapper json, String kind, String job) {
        ObjectNode n = json.createObjectNode();
        n.put(EVENT, kind).put(JOB, job);
        return n;
    }
}
