package io.nicplan.unicorn.source;

import java.util.Objects;

/**
 * A place in a Unicorn source: file name, 1-based line and 1-based column (in code points).
 */
public record SourceLocation(String file, int line, int column) {
    public SourceLocation {
        Objects.requireNonNull(file, "file");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based, got " + line + ":" + column);
        }
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
