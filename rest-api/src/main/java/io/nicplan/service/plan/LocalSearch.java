package io.nicplan.service.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nicplan.app.plan.PlanSearch;
import io.nicplan.app.plan.Plans;
import io.nicplan.optimizer.plan.Plan;
import java.util.Optional;
import java.util.function.Consumer;

/** A prepared search run on the calling thread, in this JVM. */
final class LocalSearch implements JobSearch {
    private final PlanSearch search;
    private final Optional<Plan> floor;
    private final ObjectMapper json;

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
    static Plan runAbove(PlanSearch search, Optional<Plan> floor, Consumer<Plan> onBetter) {
        PlanScore[] best = {floor.map(PlanScore::of).orElse(null)};
        Plan found = search.run(better -> {
            PlanScore score = PlanScore.of(better);
            if (best[0] == null || score.beats(best[0])) {
                best[0] = score;
                onBetter.accept(better);
            }
        });
        return floor.isPresent() && PlanScore.of(floor.get()).beats(PlanScore.of(found)) ? floor.get() : found;
    }

    static Found found(Plan plan, ObjectMapper json) {
        try {
            return new Found(PlanScore.of(plan), json.writeValueAsString(Plans.toJson(plan)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write plan JSON", e);
        }
    }
}
