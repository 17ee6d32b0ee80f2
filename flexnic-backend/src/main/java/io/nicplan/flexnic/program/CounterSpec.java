package io.nicplan.flexnic.program;

import java.util.Objects;

/** A named packet and byte counter that {@link Action.Count} adds to. */
record CounterSpec(String name) {

    public CounterSpec {
        Objects.requireNonNull(name, "name");
    }
}
