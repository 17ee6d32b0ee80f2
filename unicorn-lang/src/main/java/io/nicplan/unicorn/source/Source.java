package io.nicplan.unicorn.source;

import java.util.Objects;

/**
 * A Unicorn text and the name it is reported under (a path, or {@code builtin:NAME}). The name
 * also identifies the source for import-cycle detection.
 */
public record Source(String name, String text) {
    public Source {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }
}
