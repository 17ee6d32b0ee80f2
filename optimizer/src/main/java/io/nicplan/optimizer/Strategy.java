package io.nicplan.optimizer;

import java.util.Arrays;
import java.util.Optional;

/** The searches a plan can come from, selectable by name. */
public enum Strategy {
    /** OptaPlanner local search started from the better of two greedy orders. */
    OPTAPLANNER("optaplanner"),
    /** nicplan's greedy search in Dragonet's flow order (every candidate, unfiltered first). */
    GREEDY("greedy"),
    /** The true optimum, for small inputs. */
    EXHAUSTIVE("exhaustive"),
    /** The NIC's own behaviour: RSS only. */
    DEFAULT("default"),
    /** Dragonet's own search as its source runs it: filters on queues 1..n-1 only, never a flow left unfiltered. */
    DRAGONET("dragonet");

    private final String cliName;

    Strategy(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Optional<Strategy> byName(String name) {
        return Arrays.stream(values()).filter(s -> s.cliName.equals(name)).findFirst();
    }
}
