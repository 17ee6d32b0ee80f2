package io.nicplan.service.nic;

import io.nicplan.descriptions.BuiltinSourceResolver;
import io.nicplan.descriptions.Descriptions;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.io.GraphDot;
import io.nicplan.graph.io.GraphJson;
import io.nicplan.service.config.LimitsProperties;
import io.nicplan.unicorn.ParseLimits;
import io.nicplan.unicorn.ParseOptions;
import io.nicplan.unicorn.ParseResult;
import io.nicplan.unicorn.SourceResolver;
import io.nicplan.unicorn.Unicorn;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * {@link DescriptionLibrary} over the Unicorn parser and the shipped descriptions. Submitted text
 * may import shipped files ({@code import "builtin:common/rx-queues"}) but never files of the
 * server's file system, and parses under the service's size limits.
 */
@Component
public class UnicornLibrary implements DescriptionLibrary {
    /** Imports resolve to shipped files only: a description sent over HTTP must not read the server's disk. */
    private static final SourceResolver BUILTIN_ONLY = new BuiltinSourceResolver();

    private final ParseOptions submitted;
    private final ParseOptions shipped;

    public UnicornLibrary(LimitsProperties limits) {
        ParseLimits bounded = ParseLimits.DEFAULTS
                .withMaxBytes(limits.maxDescriptionSize().toBytes())
                .withMaxNodes(limits.maxDescriptionNodes());
        this.submitted = new ParseOptions(bounded, Map.of(), BUILTIN_ONLY);
        this.shipped = new ParseOptions(ParseLimits.DEFAULTS, Map.of(), BUILTIN_ONLY);
    }

    @Override
    public ParsedDescription parse(String fileName, String source) {
        return convert(Unicorn.parse(fileName, source, submitted));
    }

    @Override
    public ParsedDescription parseBuiltin(String name) {
        return convert(Descriptions.parse(name, shipped)
                .orElseThrow(() -> new IllegalArgumentException("no shipped description '" + name + "'")));
    }

    @Override
    public List<String> builtinNames() {
        return Descriptions.nicNames();
    }

    @Override
    public Optional<String> builtinSource(String name) {
        return Descriptions.nicNames().contains(name) ? Descriptions.source(name) : Optional.empty();
    }

    @Override
    public Optional<String> builtinSummary(String name) {
        return Descriptions.builtin(name).map(Descriptions.Builtin::summary);
    }

    @Override
    public String toDot(DataflowGraph graph) {
        return GraphDot.export(graph);
    }

    @Override
    public String toJson(DataflowGraph graph) {
        return GraphJson.export(graph);
    }

    private static ParsedDescription convert(ParseResult r) {
        List<Diagnostic> diagnostics = r.diagnostics().stream()
                .map(d -> new Diagnostic(d.severity().label(), d.line(), d.column(), d.message()))
                .toList();
        return new ParsedDescription(r.hasErrors() ? Optional.empty() : r.graph(), diagnostics);
    }
}
