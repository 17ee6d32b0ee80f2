package io.nicplan.app.export;

import java.util.List;
import java.util.Objects;

/**
 * An exported plan: the text to run ({@link ExportFormat}: a shell script or a testpmd command file) and,
 * for a {@code --best-effort} export, every change made to fit the target with what it costs (also in
 * the text as comment lines). An exact export has no changes.
 */
public record ExportResult(ExportFormat format, String text, List<String> changes) {
    public ExportResult {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(text, "text");
        changes = List.copyOf(changes);
    }

    /** Whether the text does exactly what the plan says. */
    public boolean exact() {
        return changes.isEmpty();
    }
}
