package io.nicplan.flexnic.backend;

import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.expand.ChainAction;
import io.nicplan.embed.expand.ChainEntry;
import io.nicplan.embed.expand.FilterChain;
import io.nicplan.embed.expand.FilterMatch;
import io.nicplan.embed.expand.RssFunction;
import io.nicplan.embed.rss.RssSpec;
import io.nicplan.flexnic.pipeline.ParserConfig;
import io.nicplan.flexnic.program.Action;
import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.FieldMatch;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.program.KeyField;
import io.nicplan.flexnic.program.RssContextSpec;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.flexnic.runtime.Update;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.config.ConfigValue;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.net.RssHashType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiles a configuration of any shipped NIC description into a FlexNIC program and the entries
 * to write, by the C-nodes' functions (docs/nic-descriptions.md):
 *
 * <ul>
 *   <li>steering tables ({@code ethertype}, {@code fivetuple}, {@code fdir}, {@code ma_table}) and the
 *       {@code syn} filter become one pipeline stage each, in the PRG's declaration order (the order
 *       packets meet them on the way from the wire). A table's entries are the embedder's filter
 *       chain in chain order: higher priority first, equal priorities in configuration order, which
 *       the emulator's ternary tables reproduce (higher priority wins, equal priorities: the one
 *       installed first). {@code fdir} becomes an exact table when every entry is an exact 5-tuple;</li>
 *   <li>"the first C-node that matches decides" is the graph's rule, while every emulator stage sees
 *       every packet and fates combine by precedence (docs/flexnic.md). So every steering entry also
 *       matches and sets a <em>claimed</em> bit in {@code meta.mark}: once one stage claimed a packet,
 *       no later stage's entry matches it, and exactly one fate is set. A last stage sends unclaimed
 *       packets where the last table's {@code default} port leads (RSS, else queue 0);</li>
 *   <li>{@code rss} is the RSS context {@value #RSS_CONTEXT} with the configured hash, key and
 *       indirection table; {@code queues} disables queues (a packet steered to one is dropped, as the
 *       queue's {@code Valid} node discards it); {@code csum_offload} makes the parser drop bad
 *       checksums; {@code flextcp} entries become the {@link FastPathTable} stand-in.</li>
 * </ul>
 */
public final class NicCompiler {
    public static final String RSS_CONTEXT = "rss";
    public static final String FALLBACK_TABLE = "Fallback";
    /** The bit of {@code meta.mark} a stage sets when it claims a packet; marks written by entries use the others. */
    public static final long CLAIMED = 1L << 31;
    private static final long MARK_BITS = CLAIMED - 1;
    private static final HeaderField[] TUPLE = {HeaderField.ETH_TYPE, HeaderField.IP_PROTO, HeaderField.IP_SRC,
            HeaderField.IP_DST, HeaderField.L4_SPORT, HeaderField.L4_DPORT};
    private static final Set<String> CHAINS = Set.of("ethertype", "fivetuple", "fdir", "ma_table");
    private static final Set<String> KNOWN = Set.of("ethertype", "fivetuple", "fdir", "ma_table", "syn", "rss", "queues",
            "csum_offload", "flextcp");
    /** TCP SYN set, ACK clear (RFC 9293), what the 82599's SYN filter matches. */
    private static final long SYN = 0x02;
    private static final long SYN_ACK = 0x12;

    private NicCompiler() {
    }

    /**
     * Compiles {@code configuration} of {@code prg}.
     *
     * @throws UnsupportedConfigurationException when the configuration asks for something the emulator
     *     cannot express (the message names the C-node and why)
     */
    public static CompiledNic compile(DataflowGraph prg, Configuration configuration) {
        for (String id : configuration.values().keySet()) {
            String function = prg.node(id).map(NicCompiler::function).orElse("");
            if (!KNOWN.contains(function)) {
                throw new UnsupportedConfigurationException(id + ": the emulator has no counterpart for C-node function '"
                        + function + "' (it compiles " + new TreeSet<>(KNOWN) + ")");
            }
        }
        ConfiguredGraph cg = ConfiguredGraph.apply(prg, configuration);
        int queues = Math.max(1, cg.layout().queueCount());
        Set<Integer> enabled = enabledQueues(prg, configuration, queues);
        List<String> notes = new ArrayList<>();

        Optional<Node> rssNode = byFunction(prg, "rss");
        Optional<RssSpec> rss = rssNode.flatMap(n -> configuration.value(n.id()))
                .map(v -> RssFunction.spec((ConfigValue.TupleValue) v));
        List<Integer> indirection = rssNode.flatMap(n -> configuration.value(n.id())).map(NicCompiler::table).orElse(List.of());
        if (indirection.stream().anyMatch(q -> !enabled.contains(q))) {
            throw new UnsupportedConfigurationException(rssNode.orElseThrow().id() + ": the RSS indirection table points at "
                    + "a disabled queue; the graph drops those packets, the emulator's RSS cannot");
        }
        ActionSpec fallback = rss.isPresent() ? ActionSpec.rss(RSS_CONTEXT) : toQueue(0, enabled);

        FlexNicProgram.Builder program = FlexNicProgram.builder().rxQueues(queues).defaultQueue(0);
        rss.ifPresent(s -> program.rss(new RssContextSpec(RSS_CONTEXT, s.type(),
                s.toeplitz().key(), indirection)));
        List<Update> updates = new ArrayList<>();
        int stage = 0;
        for (Node n : prg.nodes()) {
            String function = function(n);
            if (CHAINS.contains(function)) {
                FilterChain chain = cg.chain(n.id()).orElseThrow();
                boolean exact = function.equals("fdir") && chain.entries().stream()
                        .allMatch(e -> e.match().isExactFiveTuple() && e.match().ethType() >= 0);
                program.table(n.id(), stage++, capacity(n), ActionSpec.NO_ACTION, key(exact));
                // An entry with the match (and priority) of an earlier one is never reached in the chain;
                // the emulator would refuse it as ALREADY_EXISTS, so it is left out.
                Set<List<Object>> seen = new HashSet<>();
                for (ChainEntry e : chain.entries()) {
                    List<FieldMatch> matches = matches(n.id(), e.match(), exact);
                    int priority = exact ? 0 : e.priority() + 1;
                    if (!seen.add(List.of(matches, priority))) {
                        notes.add(n.id() + ": entry " + e.match() + " repeats an earlier one and is never reached; not installed");
                        continue;
                    }
                    updates.add(Update.insert(new TableEntry(n.id(), matches, priority,
                            action(n.id(), e.action(), enabled, rss.isPresent()))));
                }
            } else if (function.equals("syn")) {
                program.table(n.id(), stage++, 1, ActionSpec.NO_ACTION, KeyField.ternary(HeaderField.ETH_TYPE),
                        KeyField.ternary(HeaderField.IP_PROTO), KeyField.ternary(HeaderField.TCP_FLAGS),
                        KeyField.ternary(HeaderField.META_MARK));
                Optional<ConfigValue> q = configuration.value(n.id());
                if (q.isPresent() && q.get() instanceof ConfigValue.IntValue queue) {
                    updates.add(Update.insert(new TableEntry(n.id(), List.of(
                            FieldMatch.ternary(HeaderField.ETH_TYPE, FilterMatch.ETH_IPV4, 0xFFFF),
                            FieldMatch.ternary(HeaderField.IP_PROTO, 6, 0xFF), FieldMatch.ternary(HeaderField.TCP_FLAGS, SYN, SYN_ACK),
                            unclaimed()), 1, claim(toQueue((int) queue.value(), enabled)))));
                }
            }
        }
        program.table(FALLBACK_TABLE, stage, 1, ActionSpec.NO_ACTION, KeyField.ternary(HeaderField.META_MARK));
        updates.add(Update.insert(new TableEntry(FALLBACK_TABLE, List.of(unclaimed()), 1, fallback)));

        FastPathTable fastPath = fastPath(prg, cg, enabled, rss, indirection);
        return new CompiledNic(prg.name(), program.build(), new ParserConfig(ParserConfig.STANDARD_MAX_FRAME,
                checksumOffload(prg, configuration)), updates, fastPath, notes);
    }

    private static FastPathTable fastPath(DataflowGraph prg, ConfiguredGraph cg, Set<Integer> enabled, Optional<RssSpec> rss,
                                          List<Integer> indirection) {
        Optional<Node> node = byFunction(prg, "flextcp");
        if (node.isEmpty()) {
            return FastPathTable.none();
        }
        List<FastPathTable.Slot> slots = new ArrayList<>();
        for (ChainEntry e : cg.chain(node.get().id()).orElseThrow().entries()) {
            int queue;
            if (e.action() instanceof ChainAction.FastPath f) {
                queue = f.queue();
            } else if (e.action() instanceof ChainAction.ToQueue q) {
                queue = q.queue();
            } else {
                throw new UnsupportedConfigurationException(node.get().id() + ": fast-path entry action " + e.action()
                        + " is not delivery to a queue");
            }
            slots.add(new FastPathTable.Slot(e.match(), enabled.contains(queue) ? queue : -1));
        }
        // The FlexTCP C-node's default port leads to RSS in the FlexNIC description (RSS off: queue 0).
        FastPathTable.Fallback fallback = rss.map(s -> FastPathTable.Fallback.rss(s, indirection))
                .orElse(FastPathTable.Fallback.queue(enabled.contains(0) ? 0 : -1));
        return new FastPathTable(slots, fallback);
    }

    private static KeyField[] key(boolean exact) {
        KeyField[] key = new KeyField[TUPLE.length + 1];
        for (int i = 0; i < TUPLE.length; i++) {
            key[i] = exact ? KeyField.exact(TUPLE[i]) : KeyField.ternary(TUPLE[i]);
        }
        key[TUPLE.length] = exact ? KeyField.exact(HeaderField.META_MARK) : KeyField.ternary(HeaderField.META_MARK);
        return key;
    }

    /** The emulator match of a chain entry, plus "not claimed by an earlier stage". */
    private static List<FieldMatch> matches(String table, FilterMatch m, boolean exact) {
        List<FieldMatch> out = new ArrayList<>();
        if (exact) {
            out.add(FieldMatch.exact(HeaderField.ETH_TYPE, m.ethType()));
            out.add(FieldMatch.exact(HeaderField.IP_PROTO, m.proto()));
            out.add(FieldMatch.exact(HeaderField.IP_SRC, m.srcIp()));
            out.add(FieldMatch.exact(HeaderField.IP_DST, m.dstIp()));
            out.add(FieldMatch.exact(HeaderField.L4_SPORT, m.srcPort()));
            out.add(FieldMatch.exact(HeaderField.L4_DPORT, m.dstPort()));
            out.add(FieldMatch.exact(HeaderField.META_MARK, 0));
            return out;
        }
        if (m.proto() == FilterMatch.PROTO_OTHER) {
            throw new UnsupportedConfigurationException(table + ": protocol 'other' (every protocol but tcp, udp and sctp) "
                    + "is not one ternary ip.proto match; the emulator cannot express entry " + m);
        }
        // A protocol implies IPv4 (the graph matches protocol classes of IPv4 packets only).
        int ethType = m.ethType() >= 0 ? m.ethType() : m.proto() >= 0 ? FilterMatch.ETH_IPV4 : -1;
        if (ethType >= 0) {
            out.add(FieldMatch.ternary(HeaderField.ETH_TYPE, ethType, 0xFFFF));
        }
        if (m.proto() >= 0) {
            out.add(FieldMatch.ternary(HeaderField.IP_PROTO, m.proto(), 0xFF));
        }
        masked(out, HeaderField.IP_SRC, m.srcIp(), m.srcMask());
        masked(out, HeaderField.IP_DST, m.dstIp(), m.dstMask());
        masked(out, HeaderField.L4_SPORT, m.srcPort(), m.srcPortMask());
        masked(out, HeaderField.L4_DPORT, m.dstPort(), m.dstPortMask());
        out.add(unclaimed());
        return out;
    }

    private static void masked(List<FieldMatch> out, HeaderField field, long value, long mask) {
        if (mask != 0) {
            out.add(FieldMatch.ternary(field, value, mask));
        }
    }

    private static FieldMatch unclaimed() {
        return FieldMatch.ternary(HeaderField.META_MARK, 0, CLAIMED);
    }

    private static ActionSpec action(String table, ChainAction a, Set<Integer> enabled, boolean rss) {
        if (a instanceof ChainAction.ToQueue q) {
            return claim(toQueue(q.queue(), enabled));
        } else if (a instanceof ChainAction.FastPath f) {
            return claim(toQueue(f.queue(), enabled));
        } else if (a instanceof ChainAction.Drop) {
            return claim(ActionSpec.drop());
        } else if (a instanceof ChainAction.Mark m) {
            // Not a claim: the graph continues at the C-node's default targets.
            return ActionSpec.of(new Action.SetMark(m.value() & MARK_BITS, MARK_BITS));
        }
        String port = ((ChainAction.ToPort) a).port();
        switch (port) {
            case "rss":
                return claim(rss ? ActionSpec.rss(RSS_CONTEXT) : toQueue(0, enabled));
            case "drop":
                return claim(ActionSpec.drop());
            case "fastpath":
                return claim(ActionSpec.fastPath());
            default:
                throw new UnsupportedConfigurationException(table + ": entries sending packets to port '" + port
                        + "' have no emulator action (known: rss, drop, fastpath)");
        }
    }

    private static ActionSpec claim(ActionSpec fate) {
        List<Action> primitives = new ArrayList<>();
        primitives.add(new Action.SetMark(CLAIMED, CLAIMED));
        primitives.addAll(fate.primitives());
        return new ActionSpec(primitives);
    }

    /** Queue {@code q}, or drop when the configuration disabled it (its {@code Valid} node discards the packet). */
    private static ActionSpec toQueue(int q, Set<Integer> enabled) {
        return enabled.contains(q) ? ActionSpec.queue(q) : ActionSpec.drop();
    }

    private static Set<Integer> enabledQueues(DataflowGraph prg, Configuration configuration, int queues) {
        Optional<Node> node = byFunction(prg, "queues");
        Set<Integer> out = new TreeSet<>();
        if (node.isPresent() && configuration.value(node.get().id()).isPresent()) {
            configuration.list(node.get().id()).forEach(v -> out.add((int) ((ConfigValue.IntValue) v).value()));
        } else {
            for (int q = 0; q < queues; q++) {
                out.add(q);
            }
        }
        return out;
    }

    private static boolean checksumOffload(DataflowGraph prg, Configuration configuration) {
        return byFunction(prg, "csum_offload").flatMap(n -> configuration.value(n.id()))
                .map(v -> v instanceof ConfigValue.BoolValue b && b.value()).orElse(false);
    }

    private static List<Integer> table(ConfigValue v) {
        List<Integer> out = new ArrayList<>();
        ((ConfigValue.ListValue) ((ConfigValue.TupleValue) v).field("table").orElseThrow()).elements()
                .forEach(q -> out.add((int) ((ConfigValue.IntValue) q).value()));
        return out;
    }

    private static Optional<Node> byFunction(DataflowGraph prg, String function) {
        return prg.nodes().stream().filter(n -> function(n).equals(function)).findFirst();
    }

    private static String function(Node n) {
        return n.config().map(c -> c.function()).orElse("");
    }

    /** A table's capacity: the C-node's list bound (from the description's resources). */
    private static int capacity(Node n) {
        ConfigType t = n.config().orElseThrow().type();
        int max = t instanceof ConfigType.ListType list ? list.max() : FlexNicProgram.MAX_TABLE_CAPACITY;
        return Math.max(1, Math.min(max, FlexNicProgram.MAX_TABLE_CAPACITY));
    }

    /** A configuration the emulator cannot express. */
    public static final class UnsupportedConfigurationException extends IllegalArgumentException {
        public UnsupportedConfigurationException(String message) {
            super(message);
        }
    }
}
