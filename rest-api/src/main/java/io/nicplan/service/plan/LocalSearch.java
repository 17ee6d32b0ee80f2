package io.nicplan.service.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nicplan.app.plan.PlanSearch;
import io.nicplan.app.plan.Plans;
import io.nicplan.optimizer.plan.Plan;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A prepared search run on the calling thread, in this JVM. */
final class LocalSearch implements JobSearch {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSearch.class);
    private final PlanSearch search;
    private final Optional<Plan> floor;
    private final ObjectMapper json;

    /**
     * The search of job {@code id}, prepared, from {@code floorJson}: the best plan an earlier holder stored, which the
     * search must beat to replace (searched from scratch, and logged, when it cannot be rebuilt).
     */
    static LocalSearch of(String id, Plans.Prepared prepared, Optional<String> floorJson, ObjectMapper json) {
        Optional<Plan> floor = Optional.empty();
        if (floorJson.isPresent()) {
            try {
                floor = Optional.of(Plans.rebuild(prepared, json.readTree(floorJson.get())));
            } catch (JsonProcessingException | RuntimeException unreadable) {
                LOG.warn("plan {}: the stored best plan cannot be rebuilt; searching from scratch", id, unreadable);
            }
        }
        return new LocalSearch(prepared.search(), floor, json);
    }

    /** @param floor the best plan an earlier holder of the job stored, which the search must beat to replace */
    LocalSearch(PlanSearch search, Optional<Plan> floor, ObjectMapper json) {
        this.search = search;
        this.floor = floor;
        this.json = json;
    }

    @Override
    public Found run(Consumer<Found> onBetter) {
        return found(runAbove(search, floor, better -> onBetter.accept(found(better, json))), json);
    }

    @Override
    public void stop() {
        search.stop();
    }

    /**
     * Runs {@code search}, handing on only plans that beat {@code floor} (a resumed search has not yet caught up with
     * the plan its previous holder stored), and returns the better of its result and the floor.
     */
    private static Plan runAbove(PlanSearch search, Optional<Plan> floor, Consumer<Plan> onBetter) {
        Optional<PlanScore> floorScore = floor.map(PlanScore::of);
        PlanScore[] best = {floorScore.orElse(null)};
        Plan found = search.run(better -> {
            PlanScore score = PlanScore.of(better);
            if (best[0] == null || score.beats(best[0])) {
                best[0] = score;
                onBetter.accept(better);
            }
        });
        return floorScore.isPresent() && floorScore.get().beats(PlanScore.of(found)) ? floor.get() : found;
    }

    private static Found found(Plan plan, ObjectMapper json) {
        try {
            return new Found(PlanScore.of(plan), json.writeValueAsString(Plans.toJson(plan)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write plan JSON", e);
        }
    }
}
