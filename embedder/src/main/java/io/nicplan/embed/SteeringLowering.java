package io.nicplan.embed;

import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.expand.ChainAction;
import io.nicplan.embed.expand.ChainEntry;
import io.nicplan.embed.expand.FilterChain;
import io.nicplan.embed.expand.RssFunction;
import io.nicplan.embed.rss.RssSpec;
import io.nicplan.embed.steering.FastPathSlots;
import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.embed.steering.MatchKind;
import io.nicplan.embed.steering.RssTable;
import io.nicplan.embed.steering.RxQueues;
import io.nicplan.embed.steering.SteeringAction;
import io.nicplan.embed.steering.SteeringEntry;
import io.nicplan.embed.steering.SteeringProgram;
import io.nicplan.embed.steering.SteeringTable;
import io.nicplan.embed.steering.UnsupportedSteeringException;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Lowers a configured PRG to its {@link SteeringProgram} (docs/steering.md): each configured
 * C-node by its function. The filter chains, queue layout and RSS function are read from the
 * {@link ConfiguredGraph} the embedder built with its own configuration functions, so functions
 * plugged into the {@link Embedder} are honoured.
 */
final class SteeringLowering {
    /** Functions whose filter chain becomes one steering table. */
    private static final Set<String> CHAINS = Set.of("ethertype", "fivetuple", "fdir", "ma_table");
    /** Every function with a steering form. */
    private static final Set<String> LOWERED = Set.of("ethertype", "fivetuple", "fdir", "ma_table", "syn", "rss",
            "queues", "csum_offload", "flextcp");
    /** TCP SYN set, ACK clear (RFC 9293): what the 82599's SYN filter matches. */
    private static final SteeringEntry.TcpFlagsMatch SYN_NOT_ACK = new SteeringEntry.TcpFlagsMatch(0x02, 0x12);
    private static final int TCP = 6;

    private SteeringLowering() {
    }

    static SteeringProgram lower(ConfiguredGraph cg) {
        DataflowGraph prg = cg.prg();
        Configuration configuration = cg.configuration();
        for (String id : configuration.values().keySet()) {
            String function = prg.node(id).map(SteeringLowering::function).orElse("");
            if (!LOWERED.contains(function)) {
                throw new UnsupportedSteeringException(id + ": C-node function '" + function + "' has no steering form "
                        + "(lowered: " + new TreeSet<>(LOWERED) + ")");
            }
        }
        RxQueues queues = queues(prg, configuration, Math.max(1, cg.layout().queueCount()));
        Optional<RssTable> rss = byFunction(prg, "rss").flatMap(n -> configuration.value(n.id()).map(v -> rssTable(n, v)));
        List<SteeringTable> tables = new ArrayList<>();
        for (Node n : prg.nodes()) {
            String function = function(n);
            if (CHAINS.contains(function)) {
                tables.add(chainTable(n, function, cg.chain(n.id()).orElseThrow(), rss.isPresent()));
            } else if (function.equals("syn")) {
                tables.add(synTable(n, configuration.value(n.id())));
            }
        }
        SteeringAction fallback = rss.isPresent() ? new SteeringAction.ToRss() : new SteeringAction.ToQueue(0);
        Optional<FastPathSlots> fastPath = byFunction(prg, "flextcp").map(n -> fastPath(n, cg.chain(n.id()).orElseThrow(), fallback));
        boolean checksumOffload = byFunction(prg, "csum_offload").flatMap(n -> configuration.value(n.id()))
                .map(v -> v instanceof ConfigValue.BoolValue b && b.value()).orElse(false);
        return new SteeringProgram(prg.name(), tables, fallback, rss, queues, fastPath, checksumOffload);
    }

    private static SteeringTable chainTable(Node n, String function, FilterChain chain, boolean hasRss) {
        // A flow director table of exact five-tuples is a perfect-filter (hash) table on the 82599.
        MatchKind kind = function.equals("fdir") && chain.entries().stream()
                .allMatch(e -> e.match().isExactFiveTuple() && e.match().ethType() >= 0) ? MatchKind.EXACT : MatchKind.TERNARY;
        List<SteeringEntry> entries = new ArrayList<>();
        for (ChainEntry e : chain.entries()) {
            entries.add(SteeringEntry.of(e.match(), kind, e.priority(), action(n.id(), e.action(), hasRss)));
        }
        return new SteeringTable(n.id(), SteeringTable.KeyFields.FIVE_TUPLE, kind, capacity(n), entries);
    }

    private static SteeringTable synTable(Node n, Optional<ConfigValue> value) {
        List<SteeringEntry> entries = new ArrayList<>();
        if (value.isPresent() && value.get() instanceof ConfigValue.IntValue queue) {
            entries.add(new SteeringEntry(FilterMatch.anyIpv4().withProto(TCP), SYN_NOT_ACK, MatchKind.TERNARY, 0,
                    new SteeringAction.ToQueue((int) queue.value())));
        }
        return new SteeringTable(n.id(), SteeringTable.KeyFields.TCP_FLAGS, MatchKind.TERNARY, 1, entries);
    }

    private static SteeringAction action(String table, ChainAction a, boolean hasRss) {
        if (a instanceof ChainAction.ToQueue q) {
            return new SteeringAction.ToQueue(q.queue());
        } else if (a instanceof ChainAction.FastPath f) {
            return new SteeringAction.FastPath(f.queue());
        } else if (a instanceof ChainAction.Drop) {
            return new SteeringAction.Drop();
        } else if (a instanceof ChainAction.Mark m) {
            return new SteeringAction.Mark(m.value());
        }
        String port = ((ChainAction.ToPort) a).port();
        switch (port) {
            case "rss":
                // Without a configured RSS the rss C-node sends everything to queue 0.
                return hasRss ? new SteeringAction.ToRss() : new SteeringAction.ToQueue(0);
            case "drop":
                return new SteeringAction.Drop();
            case "fastpath":
                return SteeringAction.FastPath.engine();
            default:
                throw new UnsupportedSteeringException(table + ": entries sending packets to port '" + port
                        + "' have no steering action (known: rss, drop, fastpath)");
        }
    }

    private static FastPathSlots fastPath(Node n, FilterChain chain, SteeringAction fallback) {
        List<FastPathSlots.Slot> slots = new ArrayList<>();
        for (ChainEntry e : chain.entries()) {
            int queue;
            if (e.action() instanceof ChainAction.FastPath f) {
                queue = f.queue();
            } else if (e.action() instanceof ChainAction.ToQueue q) {
                queue = q.queue();
            } else {
                throw new UnsupportedSteeringException(n.id() + ": fast-path entry action " + e.action()
                        + " is not delivery to a queue");
            }
            slots.add(new FastPathSlots.Slot(e.match(), queue));
        }
        // The FlexTCP C-node's default port leads to RSS in the FlexNIC description (RSS off: queue 0).
        return new FastPathSlots(n.id(), slots, fallback);
    }

    private static RssTable rssTable(Node n, ConfigValue value) {
        ConfigValue.TupleValue t = (ConfigValue.TupleValue) value;
        RssSpec spec = RssFunction.spec(t);
        List<Integer> indirection = new ArrayList<>();
        ((ConfigValue.ListValue) t.field("table").orElseThrow()).elements()
                .forEach(q -> indirection.add((int) ((ConfigValue.IntValue) q).value()));
        return new RssTable(n.id(), spec.type(), spec.toeplitz(), indirection);
    }

    private static RxQueues queues(DataflowGraph prg, Configuration configuration, int count) {
        Optional<Node> node = byFunction(prg, "queues");
        if (node.isEmpty() || configuration.value(node.get().id()).isEmpty()) {
            return RxQueues.all(count);
        }
        SortedSet<Integer> enabled = new TreeSet<>();
        configuration.list(node.get().id()).forEach(v -> enabled.add((int) ((ConfigValue.IntValue) v).value()));
        return new RxQueues(count, enabled);
    }

    /** A table's capacity: the C-node's list bound (from the description's resources). */
    private static int capacity(Node n) {
        ConfigType t = n.config().orElseThrow().type();
        return t instanceof ConfigType.ListType list ? Math.max(1, list.max()) : Integer.MAX_VALUE;
    }

    private static Optional<Node> byFunction(DataflowGraph prg, String function) {
        return prg.nodes().stream().filter(n -> function(n).equals(function)).findFirst();
    }

    private static String function(Node n) {
        return n.config().map(c -> c.function()).orElse("");
    }
}
