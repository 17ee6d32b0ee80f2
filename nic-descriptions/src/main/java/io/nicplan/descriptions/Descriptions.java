package io.nicplan.descriptions;

import io.nicplan.graph.DataflowGraph;
import io.nicplan.unicorn.Unicorn;
import io.nicplan.unicorn.parse.ParseOptions;
import io.nicplan.unicorn.parse.ParseResult;
import io.nicplan.unicorn.source.Source;
import io.nicplan.unicorn.source.SourceResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The Unicorn files shipped with nicplan: the NIC descriptions (PRGs), the LPG template and the
 * library files they import.
 *
 * <p>A shipped file is named by its builtin name, the text after {@code builtin:} in an import or
 * a reference: {@code intel-82599}, {@code lpg}, {@code common/rx-queues}. The files live as
 * class-path resources under {@code io/nicplan/descriptions/} with the extension
 * {@code .unicorn}.
 */
public final class Descriptions {

    /** The prefix that marks a builtin name in imports and references. */
    public static final String BUILTIN_PREFIX = "builtin:";

    /** The builtin name of the LPG template. */
    public static final String LPG = "lpg";

    /** What a shipped graph file describes. */
    public enum Kind {
        /** A NIC's physical resource graph. */
        NIC,
        /** The host protocol stack's template. */
        LPG
    }

    /** One shipped graph file: its builtin name, what it describes, and a one-line summary. */
    public record Builtin(String name, Kind kind, String summary) {
    }

    private static final List<Builtin> BUILTINS = List.of(
            new Builtin("intel-82599", Kind.NIC,
                    "Intel 82599 10 GbE (ixgbe): 128 queues, EtherType/SYN/5-tuple/flow-director filters, RSS over 16 queues, TSO"),
            new Builtin("intel-x710", Kind.NIC,
                    "Intel X710/XL710 (i40e), one PF: 8K flow-director filters, RSS with a 512-entry table over 64 queues, TSO"),
            new Builtin("solarflare-sfc9020", Kind.NIC,
                    "Solarflare SFC9020 (sfc): 8192-row TCP/UDP filter table, RSS with a 128-entry table, 32 queues"),
            new Builtin("single-queue", Kind.NIC,
                    "A plain NIC: one receive queue, checksum offload, nothing to steer with"),
            new Builtin("virtio-net", Kind.NIC,
                    "virtio-net with multi-queue RSS: 8 queue pairs, 128-entry indirection table"),
            new Builtin("flexnic", Kind.NIC,
                    "FlexNIC: parser, 4 match-action stages, RSS, and the FlexTCP fast path with 128K flow slots"),
            new Builtin(LPG, Kind.LPG,
                    "The host protocol stack template: Ethernet, ARP, IPv4, ICMP, UDP, TCP with per-node software cycles"));

    /** Builtin names: lower-case words separated by '-', in folders separated by '/'. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*");

    private static final String EXTENSION = ".unicorn";

    private static final Map<String, DataflowGraph> DEFAULT_GRAPHS = new ConcurrentHashMap<>();

    private Descriptions() {
    }

    /** The shipped graph files, NICs first, the LPG template last. */
    public static List<Builtin> builtins() {
        return BUILTINS;
    }

    /** Builtin names of all shipped graph files (not of library files). */
    public static List<String> names() {
        return BUILTINS.stream().map(Builtin::name).toList();
    }

    /** Builtin names of the shipped NIC descriptions. */
    public static List<String> nicNames() {
        return BUILTINS.stream().filter(b -> b.kind() == Kind.NIC).map(Builtin::name).toList();
    }

    /** The shipped graph file with this builtin name. */
    public static Optional<Builtin> builtin(String name) {
        return BUILTINS.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /**
     * The Unicorn text of a shipped file, graph or library ({@code common/rx-queues}). The name
     * may carry the {@code builtin:} prefix; a name that is not of the builtin form (such as one
     * with {@code ..}) names no file.
     */
    public static Optional<String> source(String name) {
        String bare = bare(name);
        if (!NAME.matcher(bare).matches()) {
            return Optional.empty();
        }
        try (InputStream in = Descriptions.class.getResourceAsStream(bare + EXTENSION)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read shipped description '" + bare + "'", e);
        }
    }

    /** Resolves {@code builtin:} imports, then files relative to the importing file. */
    public static SourceResolver resolver() {
        return new BuiltinSourceResolver().orElse(SourceResolver.fileSystem());
    }

    /** Default parse options whose imports see the shipped files ({@link #resolver()}). */
    public static ParseOptions parseOptions() {
        return ParseOptions.defaults().withResolver(resolver());
    }

    /**
     * Parses a shipped file; its imports resolve to shipped files first, then through
     * {@code options.resolver()}. Empty when no shipped file has this name.
     */
    public static Optional<ParseResult> parse(String name, ParseOptions options) {
        ParseOptions withBuiltins = options.withResolver(new BuiltinSourceResolver().orElse(options.resolver()));
        return source(name).map(text -> Unicorn.parse(new Source(displayName(bare(name)), text), withBuiltins));
    }

    /** Parses a shipped file with default options. */
    public static Optional<ParseResult> parse(String name) {
        return parse(name, ParseOptions.defaults());
    }

    /**
     * The graph of a shipped file with its params at their defaults, parsed once per process.
     *
     * @throws IllegalArgumentException when no shipped file has this name
     * @throws io.nicplan.unicorn.parse.UnicornException when it does not parse (a bug in nicplan)
     */
    public static DataflowGraph graph(String name) {
        // Graphs are immutable, so each shipped file is parsed at most once per process.
        return DEFAULT_GRAPHS.computeIfAbsent(bare(name), n -> graph(n, Map.of()));
    }

    /**
     * The graph of a shipped file with some params overridden ({@code fdir_pballoc=3}).
     *
     * @throws IllegalArgumentException when no shipped file has this name
     * @throws io.nicplan.unicorn.parse.UnicornException when it does not parse, e.g. an override is out of range
     */
    public static DataflowGraph graph(String name, Map<String, Long> parameters) {
        return parse(name, ParseOptions.defaults().withParameters(parameters))
                .orElseThrow(() -> new IllegalArgumentException("no shipped description '" + name + "'; shipped: " + names()))
                .orElseThrow();
    }

    private static String bare(String name) {
        return name.startsWith(BUILTIN_PREFIX) ? name.substring(BUILTIN_PREFIX.length()) : name;
    }

    /** The file name a shipped file reports in diagnostics, e.g. {@code builtin:intel-82599}. */
    public static String displayName(String name) {
        return name.startsWith(BUILTIN_PREFIX) ? name : BUILTIN_PREFIX + name;
    }
}
