package io.nicplan.unicorn.build;

import io.nicplan.graph.DataflowGraph;
import io.nicplan.unicorn.ParseOptions;
import io.nicplan.unicorn.ParseResult;
import io.nicplan.unicorn.Source;
import io.nicplan.unicorn.SourceLocation;
import io.nicplan.unicorn.parser.UnicornParser;
import io.nicplan.unicorn.report.Reporter;
import io.nicplan.unicorn.report.Suggestions;
import io.nicplan.unicorn.source.SourceReader;
import io.nicplan.unicorn.source.SourceText;
import io.nicplan.unicorn.syntax.Locator;
import io.nicplan.unicorn.syntax.SyntaxParser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Runs the phases on one main source: size check, parse, expand, assemble and validate. */
public final class Compiler {
    /** Character comparisons spent on "did you mean" hints per parse; bounds pathological inputs. */
    private static final long SUGGESTION_BUDGET = 50_000_000L;

    private Compiler() {
    }

    public static ParseResult compile(Source main, ParseOptions options) {
        Reporter reporter = new Reporter(options.limits().maxDiagnostics());
        SourceText text = new SourceText(main.name(), main.text());
        long size = SourceReader.utf8Length(main.text(), options.limits().maxBytes());
        if (size > options.limits().maxBytes()) {
            reporter.report(text.error(1, 1, SourceReader.tooLarge(size, options.limits().maxBytes())));
            return failed(reporter);
        }
        Locator at = Locator.of(text);
        Optional<SyntaxParser.Parsed<UnicornParser.UnitContext>> parsed =
                SyntaxParser.parseUnit(at, options.limits().maxDepth(), reporter);
        if (parsed.isEmpty() || !parsed.get().clean()) {
            return failed(reporter);
        }
        Suggestions suggestions = new Suggestions(SUGGESTION_BUDGET);
        GraphExpander expander = new GraphExpander(options, reporter, suggestions);
        expander.expandMain(parsed.get().tree(), at);
        expander.releaseTrees();
        parsed = Optional.empty();
        Optional<DataflowGraph> graph = Optional.empty();
        if (expander.complete) {
            graph = new GraphAssembler(expander, reporter, suggestions).assemble();
        }
        Map<String, SourceLocation> locations = new LinkedHashMap<>();
        for (NodeDraft n : expander.nodes.values()) {
            locations.put(n.id, n.at.location(n.token));
        }
        return new ParseResult(reporter.hasErrors() ? Optional.empty() : graph, reporter.diagnostics(), locations,
                expander.parameters);
    }

    /** A result for input that could not be read or parsed at all. */
    public static ParseResult failed(Reporter reporter) {
        return new ParseResult(Optional.empty(), reporter.diagnostics(), Map.of(), Map.of());
    }
}
