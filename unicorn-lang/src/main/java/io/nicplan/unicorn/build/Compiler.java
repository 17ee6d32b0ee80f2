package io.nicplan.unicorn.build;

import io.nicplan.graph.DataflowGraph;
import io.nicplan.unicorn.parse.ParseOptions;
import io.nicplan.unicorn.parse.ParseResult;
import io.nicplan.unicorn.parser.UnicornParser;
import io.nicplan.unicorn.report.Reporter;
import io.nicplan.unicorn.report.Suggestions;
import io.nicplan.unicorn.source.Source;
import io.nicplan.unicorn.source.SourceLocation;
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
        Suggestions suggestions = new Suggestions(SUGGESTION_BUDGET);
        GraphExpander expander = new GraphExpander(options, reporter, suggestions);
        Reporter.Mark beforeStreaming = reporter.mark();
        expander.beginMain(at);
        SyntaxParser.Streamed streamed = SyntaxParser.streamUnit(at, options.limits().maxDepth(), reporter, expander);
        if (streamed.outcome() == SyntaxParser.Outcome.REFUSED) {
            return failed(reporter);
        }
        if (streamed.outcome() == SyntaxParser.Outcome.NOT_STREAMED) {
            // Redo the file slowly: the full parse reports syntax errors readably; if it finds none
            // (SLL was merely too weak), expand its tree with a fresh expander.
            reporter.rollback(beforeStreaming);
            Optional<SyntaxParser.Parsed<UnicornParser.UnitContext>> parsed =
                    SyntaxParser.parseUnit(at, options.limits().maxDepth(), reporter);
            if (parsed.isEmpty() || !parsed.get().clean()) {
                return failed(reporter);
            }
            expander = new GraphExpander(options, reporter, suggestions);
            expander.beginMain(at);
            feed(parsed.get().tree(), expander);
        }
        expander.endMain(streamed.first());
        expander.releaseTrees();
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

    /** Hands a whole file's tree to the expander as the stream would have. */
    private static void feed(UnicornParser.UnitContext unit, GraphExpander expander) {
        SyntaxParser.UnitSink sink = expander;
        for (UnicornParser.TopItemContext top : unit.topItem()) {
            if (top.graphDecl() == null) {
                sink.topLevelItem(top.item());
                continue;
            }
            sink.graphStart(top.graphDecl().graphHeader());
            for (UnicornParser.ItemContext item : top.graphDecl().item()) {
                sink.graphItem(item);
            }
        }
    }

    /** A result for input that could not be read or parsed at all. */
    public static ParseResult failed(Reporter reporter) {
        return new ParseResult(Optional.empty(), reporter.diagnostics(), Map.of(), Map.of());
    }
}
