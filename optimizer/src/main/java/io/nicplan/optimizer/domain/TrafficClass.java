package io.nicplan.optimizer.domain;

import java.util.Arrays;
import java.util.Optional;

/** Dragonet's service classes: gold flows get exclusive queues under the priority cost. */
public enum TrafficClass {
    GOLD("gold"),
    BESTEFFORT("besteffort");

    private final String jsonName;

    TrafficClass(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static Optional<TrafficClass> byJsonName(String name) {
        return Arrays.stream(values()).filter(c -> c.jsonName.equals(name)).findFirst();
    }
}
