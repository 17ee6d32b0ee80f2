package io.nicplan.flexnic.backend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What applying a plan to the emulator showed: how many flows were compared, how many reached
 * exactly the queues predicted, the others with both sides, and the emulator's counters.
 *
 * @param flows flows compared (those with a prediction)
 * @param agree flows every frame of which reached a predicted queue (or, predicted dropped, was dropped)
 * @param disagree the other flows
 * @param counters emulator counters after the replay: {@code rxFrames}, {@code toQueues}, {@code toFastPath},
 *     {@code drop.REASON}, {@code queue.N}, ...
 * @param install whether the configuration was installed and each update's status when it was not
 * @param notes configuration the emulator expresses differently from the graph
 * @param connections the fast-path flows driven as FlexTCP connections: bytes delivered, segments on
 *     the fast path and the slow path, the context against the plan
 */
public record ApplyReport(int flows, int agree, List<Disagreement> disagree, Map<String, Long> counters,
                          Install install, List<String> notes, List<FlexTcpTraffic.ConnectionReport> connections) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ApplyReport {
        disagree = List.copyOf(disagree);
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        notes = List.copyOf(notes);
        connections = List.copyOf(connections);
    }

    public ApplyReport(int flows, int agree, List<Disagreement> disagree, Map<String, Long> counters, Install install,
                       List<String> notes) {
        this(flows, agree, disagree, counters, install, notes, List.of());
    }

    /** One flow whose frames went elsewhere than predicted: predicted queues, observed queue or {@code drop:REASON} per frame. */
    public record Disagreement(String flow, List<Integer> predicted, List<String> observed) {
        public Disagreement {
            predicted = List.copyOf(predicted);
            observed = List.copyOf(observed);
        }
    }

    /** The install step: committed or not, the updates written, and the failures when it did not commit. */
    public record Install(boolean committed, int updates, String failures) {
    }

    /** True when every compared flow agreed and the configuration was installed. */
    public boolean allAgree() {
        return install.committed() && agree == flows;
    }

    /** The report as JSON: {@code {"flows":N,"agree":N,"disagree":[...],"counters":{...},"install":{...},"notes":[...],"connections":[...]}}. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
