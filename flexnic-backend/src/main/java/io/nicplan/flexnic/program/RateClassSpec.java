package io.nicplan.flexnic.program;

import java.util.Objects;

/** A token-bucket policer that {@link Action.RateLimit} sends packets through: rate and burst. */
public record RateClassSpec(String name, long bitsPerSecond, long burstBytes) {

    public RateClassSpec {
        Objects.requireNonNull(name, "name");
    }
}
