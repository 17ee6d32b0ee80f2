package io.nicplan.embed.state;

import java.util.List;
import java.util.Objects;

/** An application and the cores its threads run on. */
public record Application(String name, List<Integer> cores) {
    public Application {
        Objects.requireNonNull(name, "name");
        cores = List.copyOf(cores);
    }
}
