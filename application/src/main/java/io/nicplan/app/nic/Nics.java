package io.nicplan.app.nic;

import io.nicplan.app.InputException;
import io.nicplan.descriptions.BuiltinSourceResolver;
import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.io.CollapseOptions;
import io.nicplan.graph.io.CollapsedGraph;
import io.nicplan.graph.io.GraphCollapse;
import io.nicplan.graph.io.GraphDot;
import io.nicplan.graph.io.GraphJson;
import io.nicplan.unicorn.parse.ParseLimits;
import io.nicplan.unicorn.parse.ParseOptions;
import io.nicplan.unicorn.parse.ParseResult;
import io.nicplan.unicorn.source.Source;
import io.nicplan.unicorn.source.SourceResolver;
import io.nicplan.unicorn.Unicorn;
import io.nicplan.unicorn.format.UnicornFormatter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

/**
 * NIC descriptions: parse one from a file, from submitted text or by shipped name, and describe or export
 * its graph.
 *
 * <pre>{@code
 * ParsedNic nic = Nics.read("builtin:intel-82599", Map.of());
 * nic.diagnostics().forEach(d -> System.err.println(d.rendered()));
 * DataflowGraph prg = nic.graph().orElseThrow();
 * }</pre>
 */
public final class Nics {
    /** Prefix naming a shipped description, e.g. {@code builtin:intel-82599}. */
    public static final String BUILTIN_PREFIX = Descriptions.BUILTIN_PREFIX;

    /** Imports resolve to shipped files only: a description sent over the network must not read the server's disk. */
    private static final SourceResolver SHIPPED_ONLY = new BuiltinSourceResolver();

    /**
     * The config-node functions a description may name: those of the embedder's NIC features, so an
     * unknown one is an error at its line and column rather than a C-node nothing expands.
     */
    private static final Set<String> FUNCTIONS = Embedder.standard().features().descriptionFunctions();

    private Nics() {
    }

    /**
     * How large submitted text may be and how many nodes and edges it may expand to: loops multiply
     * quickly, and one port naming {@code Q{0..65535}} from each of a few dozen nodes is millions of
     * edges though the nodes stay few.
     */
    public record Limits(long maxBytes, int maxNodes, int maxEdges) {
    }

    /**
     * Parses the description {@code arg} names on this machine: a path to a .unicorn file (whose imports see
     * the shipped files first, then files relative to it) or {@code builtin:NAME}.
     *
     * @throws InputException when the file does not exist or no shipped description has the name
     */
    public static ParsedNic read(String arg, Map<String, Long> parameters) {
        ParseOptions options = Descriptions.parseOptions().withParameters(parameters).withConfigFunctions(FUNCTIONS);
        if (arg.startsWith(BUILTIN_PREFIX)) {
            String builtin = arg.substring(BUILTIN_PREFIX.length());
            String text = Descriptions.source(builtin).orElseThrow(() -> new InputException(
                    "no shipped description '" + builtin + "'; `nicplan list` shows them: " + String.join(", ", Descriptions.names())));
            return of(arg, Unicorn.parse(new Source(arg, text), options));
        }
        Path file = Path.of(arg);
        if (!Files.isRegularFile(file)) {
            throw new InputException(arg + ": no such file (use builtin:NAME for a shipped description)");
        }
        return of(arg, Unicorn.parse(file, options));
    }

    /**
     * Parses description text read on this machine by other means (standard input), named {@code name} in its
     * diagnostics; its imports see the shipped files first, as a file's do.
     */
    public static ParsedNic read(String name, String text, Map<String, Long> parameters) {
        ParseOptions options = Descriptions.parseOptions().withParameters(parameters).withConfigFunctions(FUNCTIONS);
        return of(name, Unicorn.parse(new Source(name, text), options));
    }

    /** Parses submitted text under {@code limits}; its imports may name shipped files only. */
    public static ParsedNic parse(String fileName, String text, Limits limits) {
        ParseLimits bounded = ParseLimits.DEFAULTS.withMaxBytes(limits.maxBytes()).withMaxNodes(limits.maxNodes())
                .withMaxEdges(limits.maxEdges());
        return of(fileName, Unicorn.parse(fileName, text, new ParseOptions(bounded, Map.of(), SHIPPED_ONLY).withConfigFunctions(FUNCTIONS)));
    }

    /** Parses a shipped description (a NIC or the LPG template) with its params at their defaults. */
    public static Optional<ParsedNic> shipped(String name) {
        return Descriptions.parse(name, new ParseOptions(ParseLimits.DEFAULTS, Map.of(), SHIPPED_ONLY))
                .map(r -> of(Descriptions.displayName(name), r));
    }

    /**
     * The graph of a shipped description with its params at their defaults, parsed once per process.
     *
     * @throws IllegalArgumentException when no shipped description has this name
     */
    public static DataflowGraph shippedGraph(String name) {
        return Descriptions.graph(name);
    }

    /** Every shipped file: the NICs and the LPG template, with what each is. */
    public static List<Descriptions.Builtin> builtins() {
        return Descriptions.builtins();
    }

    /** The names of the shipped NIC descriptions. */
    public static List<String> shippedNics() {
        return Descriptions.nicNames();
    }

    /** The Unicorn text of a shipped NIC description. */
    public static Optional<String> shippedSource(String name) {
        return Descriptions.nicNames().contains(name) ? Descriptions.source(name) : Optional.empty();
    }

    /** What a shipped description is, in a line. */
    public static Optional<String> shippedSummary(String name) {
        return Descriptions.builtin(name).map(Descriptions.Builtin::summary);
    }

    /** The graph as DOT, JSON or canonical Unicorn text. */
    public static String export(DataflowGraph graph, GraphFormat format) {
        return switch (format) {
            case DOT -> GraphDot.export(graph);
            case JSON -> GraphJson.export(graph);
            case UNICORN -> UnicornFormatter.format(graph);
        };
    }

    /**
     * The graph with its replicated structure folded ({@link GraphCollapse}: {@code Q{0..127}.Rx}), as DOT
     * laid out left to right or as JSON for the console; the templates in {@code expanded} ({@code Q*.Valid})
     * stay node by node.
     */
    public static String exportCollapsed(DataflowGraph graph, GraphFormat format, Set<String> expanded) {
        CollapsedGraph c = GraphCollapse.collapse(graph, CollapseOptions.DEFAULT.expanding(expanded));
        return switch (format) {
            case DOT -> c.dot();
            case JSON -> c.json();
            case UNICORN -> throw new IllegalArgumentException("a collapsed graph has no Unicorn text");
        };
    }

    /**
     * The graph as DOT or JSON (compact), written to {@code out} as it is rendered, so the caller bounds
     * or stops a large graph's rendering by the writer it passes; Unicorn text is written whole.
     */
    public static void export(DataflowGraph graph, GraphFormat format, Writer out) {
        switch (format) {
            case DOT -> GraphDot.export(graph, out);
            case JSON -> GraphJson.export(graph, out);
            case UNICORN -> {
                try {
                    out.write(UnicornFormatter.format(graph));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static ParsedNic of(String file, ParseResult r) {
        return new ParsedNic(file, r.hasErrors() ? Optional.empty() : r.graph(),
                r.diagnostics().stream().map(NicDiagnostic::of).toList(), r.parameters());
    }
}
