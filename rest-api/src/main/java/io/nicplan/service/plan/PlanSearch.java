package io.nicplan.service.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;

/** One prepared plan search, run by a {@link SearchExecutor} thread. */
public interface PlanSearch {

    /**
     * Searches until the strategy ends or {@link #stop()} is called, handing every better plan to
     * {@code onBetter} as it is found, and returns the best plan.
     */
    JsonNode run(Consumer<JsonNode> onBetter);

    /** Asks a running search to end early; {@link #run} then returns the best plan so far. */
    void stop();
}
