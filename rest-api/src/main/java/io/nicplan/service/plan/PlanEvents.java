package io.nicplan.service.plan;

import io.nicplan.optimizer.plan.Plan;
import io.nicplan.service.persistence.PlanStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of searches ({@code GET /api/plans/{id}/events}): every better plan the search's
 * listener reports becomes a {@code best} event (its score and when, since the search started), and the
 * end a {@code status} event, after which the stream closes. A subscriber gets the events so far first,
 * so a chart opened late (or after the end) is whole: the last {@link #KEPT_PLANS} plans' events are
 * kept, at most {@link #KEPT_EVENTS} each (the listener reports at most every 250 ms). Sending happens
 * under one lock, so no subscriber misses or repeats an event; a subscriber whose connection failed is
 * dropped.
 */
@Component
public class PlanEvents {
    /** An open stream lasts at most this long; a longer search is followed by reconnecting. */
    static final long STREAM_TIMEOUT_MS = 10 * 60 * 1000;
    static final int KEPT_PLANS = 64;
    static final int KEPT_EVENTS = 2000;

    private final Map<String, List<SseEmitter>> subscribers = new HashMap<>();
    private final Map<String, Long> started = new HashMap<>();
    private final Map<String, List<Map<String, Object>>> history = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Map<String, Object>>> eldest) {
            return size() > KEPT_PLANS;
        }
    };

    /** The search of {@code id} starts now: elapsed times of its events count from here. */
    synchronized void searchStarted(String id) {
        started.put(id, System.nanoTime());
        history.put(id, new ArrayList<>());
    }

    /** A better plan: a {@code best} event to every subscriber. */
    synchronized void better(String id, int revision, PlanScore plan) {
        Long t0 = started.get(id);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("revision", revision);
        data.put("elapsedMs", t0 == null ? 0 : (System.nanoTime() - t0) / 1_000_000);
        data.put("total", plan.total());
        data.put("hard", plan.hard());
        data.put("feasible", plan.feasible());
        data.put("strategy", plan.strategy());
        List<Map<String, Object>> events = history.computeIfAbsent(id, k -> new ArrayList<>());
        if (events.size() < KEPT_EVENTS) {
            events.add(data);
        }
        List<SseEmitter> list = subscribers.get(id);
        if (list != null) {
            send(list, "best", data);
        }
    }

    /** The search ended: a {@code status} event, then every stream of this plan closes. */
    public synchronized void ended(String id, PlanStatus status) {
        started.remove(id);
        List<SseEmitter> list = subscribers.remove(id);
        if (list != null) {
            send(list, "status", Map.of("status", status.name()));
            list.forEach(SseEmitter::complete);
        }
    }

    /**
     * A stream for {@code id}: a {@code status} event, then its {@code best} events so far. When the plan
     * has already ended ({@code running} false) the stream ends there, with its status once more.
     */
    public synchronized SseEmitter subscribe(String id, PlanStatus current, boolean running) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MS);
        List<SseEmitter> one = new ArrayList<>(List.of(emitter));
        send(one, "status", Map.of("status", current.name()));
        history.getOrDefault(id, List.of()).forEach(data -> send(one, "best", data));
        if (one.isEmpty()) {
            return emitter;   // the client is already gone
        }
        if (!running) {
            send(one, "status", Map.of("status", current.name()));
            emitter.complete();
            return emitter;
        }
        List<SseEmitter> list = subscribers.computeIfAbsent(id, k -> new ArrayList<>());
        list.add(emitter);
        Runnable drop = () -> {
            synchronized (this) {
                list.remove(emitter);
            }
        };
        emitter.onCompletion(drop);
        emitter.onTimeout(drop);
        emitter.onError(e -> drop.run());
        return emitter;
    }

    private static void send(List<SseEmitter> list, String name, Object data) {
        for (SseEmitter e : List.copyOf(list)) {
            try {
                e.send(SseEmitter.event().name(name).data(data));
            } catch (IOException | IllegalStateException gone) {
                // The client went away: Spring completes the emitter, whose completion callback drops it.
                list.remove(e);
            }
        }
    }
}
