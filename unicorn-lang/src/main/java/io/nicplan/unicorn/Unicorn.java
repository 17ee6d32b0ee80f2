package io.nicplan.unicorn;

import io.nicplan.unicorn.build.Compiler;
import io.nicplan.unicorn.parse.ParseOptions;
import io.nicplan.unicorn.parse.ParseResult;
import io.nicplan.unicorn.report.Reporter;
import io.nicplan.unicorn.source.Diagnostic;
import io.nicplan.unicorn.source.Source;
import io.nicplan.unicorn.source.SourceException;
import io.nicplan.unicorn.source.SourceReader;
import io.nicplan.unicorn.source.SourceText;
import java.nio.file.Path;

/**
 * The Unicorn front end: parses a description into a {@link io.nicplan.graph.DataflowGraph},
 * reporting every problem as a {@link Diagnostic} rather than throwing.
 *
 * <pre>{@code
 * ParseResult r = Unicorn.parse(Path.of("intel-82599.unicorn"), ParseOptions.defaults());
 * r.diagnostics().forEach(d -> System.err.println(d.render()));
 * r.graph().ifPresent(g -> ...);
 * }</pre>
 */
public final class Unicorn {

    private Unicorn() {
    }

    /** Parses a file; imports resolve through {@code options.resolver()}, relative to this file by default. */
    public static ParseResult parse(Path file, ParseOptions options) {
        String name = file.toString();
        String text;
        try {
            text = SourceReader.read(file, name, options.limits().maxBytes());
        } catch (SourceException e) {
            Reporter reporter = new Reporter(options.limits().maxDiagnostics());
            reporter.report(SourceText.diagnostic(name, e.lineText(), Diagnostic.Severity.ERROR,
                    Math.max(1, e.line()), Math.max(1, e.column()), e.getMessage()));
            return Compiler.failed(reporter);
        }
        return parse(name, text, options);
    }

    public static ParseResult parse(Path file) {
        return parse(file, ParseOptions.defaults());
    }

    /** Parses text reported under {@code fileName} (which is also where relative imports start). */
    public static ParseResult parse(String fileName, String text, ParseOptions options) {
        return Compiler.compile(new Source(fileName, text), options);
    }

    public static ParseResult parse(String fileName, String text) {
        return parse(fileName, text, ParseOptions.defaults());
    }

    /** Parses a source a resolver produced (e.g. {@code builtin:intel-82599}). */
    public static ParseResult parse(Source source, ParseOptions options) {
        return Compiler.compile(source, options);
    }
}
