package io.nicplan.unicorn.parse;

import io.nicplan.unicorn.source.Diagnostic;
import java.util.List;
import java.util.stream.Collectors;

/** A Unicorn source that was required to be valid has errors; carries all diagnostics. */
public final class UnicornException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    public UnicornException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().filter(Diagnostic::isError).map(Diagnostic::headline).collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
