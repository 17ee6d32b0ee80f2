package io.nicplan.service.nic;

import io.nicplan.app.nic.GraphFormat;
import io.nicplan.app.nic.Nics;
import io.nicplan.app.nic.ParsedNic;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.service.config.LimitsProperties;
import java.io.Writer;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * {@link DescriptionLibrary} over the application's {@link Nics}. Submitted text may import shipped files
 * ({@code import "builtin:common/rx-queues"}) but never files of the server's file system, and parses under
 * the service's size limits.
 */
@Component
class UnicornLibrary implements DescriptionLibrary {
    private final Nics.Limits limits;

    public UnicornLibrary(LimitsProperties limits) {
        this.limits = new Nics.Limits(limits.maxDescriptionSize().toBytes(), limits.maxDescriptionNodes(),
                limits.maxDescriptionEdges());
    }

    @Override
    public ParsedDescription parse(String fileName, String source) {
        return convert(Nics.parse(fileName, source, limits));
    }

    @Override
    public ParsedDescription parseBuiltin(String name) {
        return convert(Nics.shipped(name).orElseThrow(() -> new IllegalArgumentException("no shipped description '" + name + "'")));
    }

    @Override
    public List<String> builtinNames() {
        return Nics.shippedNics();
    }

    @Override
    public Optional<String> builtinSource(String name) {
        return Nics.shippedSource(name);
    }

    @Override
    public Optional<String> builtinSummary(String name) {
        return Nics.shippedSummary(name);
    }

    @Override
    public void render(DataflowGraph graph, io.nicplan.service.nic.GraphFormat format, Writer out) {
        Nics.export(graph, format == io.nicplan.service.nic.GraphFormat.JSON ? GraphFormat.JSON : GraphFormat.DOT, out);
    }

    @Override
    public String renderCollapsed(DataflowGraph graph, io.nicplan.service.nic.GraphFormat format, java.util.Set<String> expanded) {
        return Nics.exportCollapsed(graph, format == io.nicplan.service.nic.GraphFormat.JSON ? GraphFormat.JSON : GraphFormat.DOT,
                expanded);
    }

    private static ParsedDescription convert(ParsedNic r) {
        List<Diagnostic> diagnostics = r.diagnostics().stream()
                .map(d -> new Diagnostic(d.severity(), d.line(), d.column(), d.message()))
                .toList();
        return new ParsedDescription(r.graph(), diagnostics);
    }
}
