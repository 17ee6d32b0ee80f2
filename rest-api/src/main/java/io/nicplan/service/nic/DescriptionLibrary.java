package io.nicplan.service.nic;

import io.nicplan.graph.DataflowGraph;
import java.io.Writer;
import java.util.List;
import java.util.Optional;

/** The library calls the NIC resource needs: the Unicorn parser, the shipped descriptions, graph export. */
interface DescriptionLibrary {

    /** Parses Unicorn text; {@code fileName} only labels diagnostics. */
    ParsedDescription parse(String fileName, String source);

    /** Parses a shipped description (under the default parse limits). */
    ParsedDescription parseBuiltin(String name);

    /** Names of the shipped descriptions ({@code intel-82599}, ...), without the {@code builtin:} prefix. */
    List<String> builtinNames();

    /** The Unicorn text of a shipped description. */
    Optional<String> builtinSource(String name);

    /** The one-line summary of a shipped description. */
    Optional<String> builtinSummary(String name);

    /** Writes the graph in Graphviz DOT or as (compact) JSON text to {@code out} as it is rendered. */
    void render(DataflowGraph graph, GraphFormat format, Writer out);

    /** The graph folded (replicated nodes as one, left to right) as DOT or JSON; {@code expanded} templates stay unfolded. */
    String renderCollapsed(DataflowGraph graph, GraphFormat format, java.util.Set<String> expanded);
}
