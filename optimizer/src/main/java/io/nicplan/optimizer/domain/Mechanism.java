package io.nicplan.optimizer.domain;

import java.util.Arrays;
import java.util.Optional;

/** How a NIC steers a flow to a queue: a filter kind, a match-action entry, or its default path. */
public enum Mechanism {
    /** An 82599-style 5-tuple filter (wildcards allowed, priority 1..7). */
    FIVETUPLE("fivetuple"),
    /** A flow-director perfect-match filter (every field of the flow must be given). */
    FDIR("fdir"),
    /** No filter: the RSS indirection table picks the queue from the Toeplitz hash. */
    RSS("rss"),
    /** No filter and no RSS: the NIC's default queue. */
    DEFAULT("default"),
    /** A FlexNIC match-action table entry. */
    MATCH_ACTION("match_action");

    private final String jsonName;

    Mechanism(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in plans and in the description's {@code function} names. */
    public String jsonName() {
        return jsonName;
    }

    /** Whether the mechanism installs an entry for the flow (RSS and the default path do not). */
    public boolean isFilter() {
        return this == FIVETUPLE || this == FDIR || this == MATCH_ACTION;
    }

    public static Optional<Mechanism> byJsonName(String name) {
        return Arrays.stream(values()).filter(m -> m.jsonName.equals(name)).findFirst();
    }
}
