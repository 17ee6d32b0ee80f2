package io.nicplan.unicorn.report;

import io.nicplan.unicorn.source.Diagnostic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects diagnostics for one parse: drops exact repeats (a file imported twice, a loop body
 * expanded many times), and stops keeping them after a limit, ending with one "too many" note.
 */
public final class Reporter {
    private final int limit;
    private final List<Diagnostic> kept = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private Diagnostic firstDropped;
    private long dropped;
    private boolean anyError;

    public Reporter(int limit) {
        this.limit = limit;
    }

    public void report(Diagnostic d) {
        anyError |= d.isError();
        if (kept.size() < limit) {
            if (seen.add(d.headline())) {
                kept.add(d);
            }
        } else if (!seen.contains(d.headline())) {
            // Past the limit repeats are only counted, not remembered: memory stays bounded.
            if (firstDropped == null) {
                firstDropped = d;
            }
            dropped++;
        }
    }

    /** A point to {@link #rollback} to. */
    public record Mark(int kept, long dropped, Diagnostic firstDropped, boolean anyError) {
    }

    public Mark mark() {
        return new Mark(kept.size(), dropped, firstDropped, anyError);
    }

    /** Forgets every diagnostic reported since {@code mark} (a failed fast parse is redone slowly). */
    public void rollback(Mark mark) {
        while (kept.size() > mark.kept()) {
            seen.remove(kept.remove(kept.size() - 1).headline());
        }
        dropped = mark.dropped();
        firstDropped = mark.firstDropped();
        anyError = mark.anyError();
    }

    public boolean hasErrors() {
        return anyError;
    }

    /** True once the limit is reached: callers may stop looking for more problems. */
    public boolean isFull() {
        return kept.size() >= limit;
    }

    /** The kept diagnostics, plus a final one saying how many more there were (repeats may be counted). */
    public List<Diagnostic> diagnostics() {
        List<Diagnostic> out = new ArrayList<>(kept);
        if (firstDropped != null) {
            Diagnostic.Severity severity = anyError ? Diagnostic.Severity.ERROR : Diagnostic.Severity.WARNING;
            String what = anyError ? "errors" : "warnings";
            out.add(new Diagnostic(firstDropped.file(), firstDropped.line(), firstDropped.column(), severity,
                    "too many " + what + ": stopped after " + limit + "; " + dropped + " more not shown",
                    firstDropped.sourceLine(), firstDropped.sourceColumn()));
        }
        return out;
    }
}
