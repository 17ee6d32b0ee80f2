package io.nicplan.service.nic;

import io.nicplan.graph.DataflowGraph;
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

    /** The graph in Graphviz DOT. */
    String toDot(DataflowGraph graph);

    /** The graph as JSON text. */
    String toJson(DataflowGraph graph);
}
