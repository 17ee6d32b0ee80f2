package io.nicplan.service.plan;

import io.nicplan.optimizer.plan.Plan;
import io.nicplan.service.persistence.PlanStatus;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of running searches ({@code GET /api/plans/{id}/events}): every better plan the
 * search's listener reports becomes a {@code best} event (its score and when, since the search started),
 * and the end a {@code status} event, after which the stream closes. The console draws its live chart
 * from these. A subscriber only costs a slot in a list; sending never blocks the search for long, and a
 * subscriber whose connection failed is dropped.
 */
@Component
public class PlanEvents {
    /** An open stream lasts at most this long; a longer search is followed by reconnecting (EventSource does). */
    static final long STREAM_TIMEOUT_MS = 10 * 60 * 1000;

    private final Map<String, List<SseEmitter>> subscribers = new ConcurrentHashMap<>();
    private final Map<String, Long> started = new ConcurrentHashMap<>();

    /** The search of {@code id} starts now: elapsed times of its events count from here. */
    void searchStarted(String id) {
        started.put(id, System.nanoTime());
    }

    /** A better plan: a {@code best} event to every subscriber. */
    void better(String id, int revision, Plan plan) {
        List<SseEmitter> list = subscribers.get(id);
        if (list == null || list.isEmpty()) {
            return;
        }
        Long t0 = started.get(id);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("revision", revision);
        data.put("elapsedMs", t0 == null ? 0 : (System.nanoTime() - t0) / 1_000_000);
        data.put("total", plan.total());
        data.put("hard", plan.hard());
        data.put("feasible", plan.feasible());
        data.put("strategy", plan.strategy());
        send(list, "best", data);
    }

    /** The search ended: a {@code status} event, then every stream of this plan closes. */
    public void ended(String id, PlanStatus status) {
        started.remove(id);
        List<SseEmitter> list = subscribers.remove(id);
        if (list != null) {
            send(list, "status", Map.of("status", status.name()));
            list.forEach(SseEmitter::complete);
        }
    }

    /**
     * A stream for {@code id}, opened with a {@code status} event. When the plan has already ended
     * ({@code running} false) that event is the whole stream.
     */
    public SseEmitter subscribe(String id, PlanStatus current, boolean running) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MS);
        try {
            emitter.send(SseEmitter.event().name("status").data(Map.of("status", current.name())));
        } catch (IOException e) {
            emitter.completeWithError(e);
            return emitter;
        }
        if (!running) {
            emitter.complete();
            return emitter;
        }
        List<SseEmitter> list = subscribers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
        list.add(emitter);
        Runnable drop = () -> list.remove(emitter);
        emitter.onCompletion(drop);
        emitter.onTimeout(drop);
        emitter.onError(e -> drop.run());
        return emitter;
    }

    private static void send(List<SseEmitter> list, String name, Object data) {
        for (SseEmitter e : list) {
            try {
                e.send(SseEmitter.event().name(name).data(data));
            } catch (IOException | IllegalStateException gone) {
                // The client went away: Spring completes the emitter, whose completion callback drops it.
                list.remove(e);
            }
        }
    }
}
