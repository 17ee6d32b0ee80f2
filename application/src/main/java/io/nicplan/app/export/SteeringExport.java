package io.nicplan.app.export;

import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.embed.steering.MatchKind;
import io.nicplan.embed.steering.RssTable;
import io.nicplan.embed.steering.SteeringEntry;
import io.nicplan.embed.steering.SteeringProgram;
import io.nicplan.embed.steering.SteeringTable;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.config.ConfigValue;
import io.nicplan.net.RssHashType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A plan's lowered steering form ({@code Embedder.lower}, docs/steering.md) as the commands people install
 * steering with: an ethtool script, a tc script or a DPDK testpmd command file (docs/export.md). A pure
 * function of the program, the C-nodes' configuration functions and the driver's limits: one command per
 * steering entry, in an order that keeps the program's precedence; a part the format or the driver cannot
 * take is an {@link UnexpressiblePlanException} naming it, or, with {@link ExportOptions#bestEffort()}, moved
 * to what the target can take and reported with its cost in {@link ExportResult#changes()}.
 *
 * <pre>{@code
 * SteeringProgram program = Embedder.standard().lower(prg, configuration);
 * ExportResult r = SteeringExport.export(program, SteeringExport.functions(prg),
 *         SteeringExport.transmitOffloads(prg, configuration), LinuxDriver.IXGBE, ExportFormat.ETHTOOL, ExportOptions.defaults());
 * }</pre>
 */
final class SteeringExport {
    /** The configuration function of a transmit offload (ConfigFunction.TX_OFFLOAD). */
    static final String TX_OFFLOAD = "tx_offload";

    private SteeringExport() {
    }

    /** C-node id to configuration function, for every C-node of {@code prg}. */
    static Map<String, String> functions(DataflowGraph prg) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Node n : prg.nodes()) {
            n.config().ifPresent(c -> m.put(n.id(), c.function()));
        }
        return m;
    }

    /**
     * The transmit offloads {@code prg} declares ({@code tx_offload} C-nodes), by implementation ({@code tso},
     * {@code tx_l4_csum}, {@code tx_ipv4_csum}) in declaration order, each on when {@code configuration} turns it on
     * (unconfigured is off: software does the work). Not part of the receive steering form, so read here.
     */
    static Map<String, Boolean> transmitOffloads(DataflowGraph prg, Configuration configuration) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (Node n : prg.nodes()) {
            n.config().filter(c -> c.function().equals(TX_OFFLOAD)).ifPresent(c -> m.put(n.implementation().orElse(n.id()),
                    configuration.value(n.id()).map(v -> v instanceof ConfigValue.BoolValue b && b.value()).orElse(false)));
        }
        return m;
    }

    /**
     * The commands that install {@code program} on {@code driver}'s NIC.
     *
     * @param functions the configuration function of every C-node ({@link #functions})
     * @param transmitOffloads the NIC's transmit offloads and whether the plan turns each on ({@link #transmitOffloads})
     * @throws UnexpressiblePlanException naming every part the format or driver cannot carry out
     */
    static ExportResult export(SteeringProgram program, Map<String, String> functions, Map<String, Boolean> transmitOffloads,
                               LinuxDriver driver, ExportFormat format, ExportOptions options) {
        Objects.requireNonNull(program, "program");
        Export e = new Export(program, functions, driver, options, rules(program, functions), transmitOffloads);
        String text;
        if (format == ExportFormat.ETHTOOL) {
            text = EthtoolScript.write(e);
        } else if (format == ExportFormat.TC) {
            text = TcScript.write(e);
        } else {
            text = TestpmdScript.write(e);
        }
        if (!e.reasons.isEmpty()) {
            throw new UnexpressiblePlanException(format.symbol(), driver.nic() + " (" + driver.driver() + ")", e.reasons);
        }
        return new ExportResult(format, withChanges(text, e.changes), e.changes);
    }

    /** The best-effort changes as comment lines after the header line, so the script says what it does not do. */
    private static String withChanges(String text, List<String> changes) {
        if (changes.isEmpty()) {
            return text;
        }
        List<String> lines = new ArrayList<>(text.lines().toList());
        int at = 0;
        while (at < lines.size() && !lines.get(at).startsWith("# nicplan export")) {
            at++;
        }
        List<String> notes = new ArrayList<>();
        notes.add("# best effort: " + changes.size() + " change(s) from the plan, each with its cost:");
        changes.forEach(c -> notes.add("#   " + c));
        lines.addAll(Math.min(at + 1, lines.size()), notes);
        return String.join("\n", lines) + "\n";
    }

    /**
     * Every entry of every table in the order packets meet them, with its precedence level: an exact table is
     * one level (its entries never overlap); in a ternary table each entry is its own level, so overlapping
     * entries of equal priority keep their configuration order.
     */
    static List<ExportRule> rules(SteeringProgram program, Map<String, String> functions) {
        List<ExportRule> rules = new ArrayList<>();
        int level = 0;
        for (SteeringTable t : program.tables()) {
            String function = functions.getOrDefault(t.name(), "?");
            for (int i = 0; i < t.entries().size(); i++) {
                rules.add(new ExportRule(t, function, i, t.entries().get(i), level));
                if (t.kind() == MatchKind.TERNARY) {
                    level++;
                }
            }
            if (t.kind() == MatchKind.EXACT && !t.entries().isEmpty()) {
                level++;
            }
        }
        return rules;
    }

    /** One export in progress: its inputs, and what it found it cannot do or changed. */
    static final class Export {
        final SteeringProgram program;
        final Map<String, String> functions;
        final LinuxDriver driver;
        final ExportOptions options;
        final List<ExportRule> rules;
        /** The NIC's transmit offloads by implementation, each on or off in the plan. */
        final Map<String, Boolean> transmitOffloads;
        final List<String> reasons = new ArrayList<>();
        final List<String> changes = new ArrayList<>();

        Export(SteeringProgram program, Map<String, String> functions, LinuxDriver driver, ExportOptions options,
               List<ExportRule> rules, Map<String, Boolean> transmitOffloads) {
            this.program = program;
            this.transmitOffloads = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(transmitOffloads));
            this.functions = Map.copyOf(functions);
            this.driver = driver;
            this.options = options;
            this.rules = rules;
        }

        boolean has(String function) {
            return functions.containsValue(function);
        }

        String dev() {
            return options.device();
        }

        /** A part the target cannot take: refused, or with --best-effort left out and reported as {@code cost}. */
        void cannot(String reason, String cost) {
            if (options.bestEffort()) {
                changes.add(reason + ": " + cost);
            } else {
                reasons.add(reason);
            }
        }

        void refuse(String reason) {
            reasons.add(reason);
        }
    }

    /** {@code 6d:5a:...}: a key as ethtool's {@code hkey} takes it. */
    static String colonHex(byte[] key) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < key.length; i++) {
            sb.append(i == 0 ? "" : ":").append(String.format("%02x", key[i] & 0xFF));
        }
        return sb.toString();
    }

    static String ip(long value) {
        return ((value >>> 24) & 0xFF) + "." + ((value >>> 16) & 0xFF) + "." + ((value >>> 8) & 0xFF) + "." + (value & 0xFF);
    }

    /** The prefix length of an IPv4 mask, or -1 when the mask is not a prefix. */
    static int prefixLength(long mask) {
        int bits = Long.bitCount(mask);
        return FilterMatch.prefixMask(bits) == mask ? bits : -1;
    }

    /** The RSS table's name and hash for messages. */
    static String rssName(RssTable rss) {
        return "C-node " + rss.node() + " (RSS " + rss.hashType().symbol() + ")";
    }

    static boolean hashesPorts(RssHashType type, boolean tcp) {
        return tcp ? type.hashesTcpPorts() : type.hashesUdpPorts();
    }

    static String tcpFlags(SteeringEntry.TcpFlagsMatch f) {
        return "0x" + Integer.toHexString(f.value()) + "/0x" + Integer.toHexString(f.mask());
    }
}
