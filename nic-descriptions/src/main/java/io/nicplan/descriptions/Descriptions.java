package io.nicplan.descriptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
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
                    "Solarflare SFC9020 (sfc): 4048 usable TCP/UDP filters, RSS with a 128-entry table, 32 queues"),
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
        String bare = name.startsWith(BUILTIN_PREFIX) ? name.substring(BUILTIN_PREFIX.length()) : name;
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

    /** The file name a shipped file reports in diagnostics, e.g. {@code builtin:intel-82599}. */
    public static String displayName(String name) {
        return name.startsWith(BUILTIN_PREFIX) ? name : BUILTIN_PREFIX + name;
    }
}
