package io.nicplan.optimizer.nic;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.graph.ConfigSpec;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.optimizer.domain.Mechanism;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives a {@link NicModel} from a PRG that follows docs/nic-descriptions.md: queues are the nodes
 * with {@code rxqueue=N}, steering C-nodes are recognised by their {@code function} and taken in
 * declaration order (the NIC's precedence), capacities are their list types' upper bounds.
 */
public final class NicModels {
    private static final Pattern QUEUE_VALID = Pattern.compile("(?:.*\\.)?Q(\\d+)\\.Valid");

    private static final Map<String, NicModel> BUILTINS = new ConcurrentHashMap<>();

    private NicModels() {
    }

    /**
     * The model of a shipped description ({@code intel-82599}, {@code flexnic}, ...; parsed once per
     * name) restricted to its first {@code queues} queues.
     *
     * @throws IllegalArgumentException when no description has that name or it has fewer queues
     */
    public static NicModel builtin(String name, int queues) {
        NicModel full = BUILTINS.computeIfAbsent(name, n -> {
            if (Descriptions.source(n).isEmpty()) {
                throw new IllegalArgumentException("no shipped NIC description '" + n + "'; known: " + Descriptions.nicNames());
            }
            return fromPrg(Descriptions.graph(n));
        });
        return full.withQueues(queues);
    }

    /**
     * The compact model of {@code prg}.
     *
     * @throws IllegalArgumentException when the PRG has no receive queue
     */
    public static NicModel fromPrg(DataflowGraph prg) {
        int queues = countQueues(prg);
        List<Steering> steerings = new ArrayList<>();
        Optional<RssNode> rss = Optional.empty();
        Optional<FastPathSpec> fastPath = Optional.empty();
        Optional<String> queuesNode = Optional.empty();
        for (Node n : prg.nodesOfKind(NodeKind.CONFIG)) {
            ConfigSpec spec = n.config().orElseThrow();
            switch (spec.function()) {
                case "fivetuple" -> steerings.add(new Steering(Mechanism.FIVETUPLE, n.id(),
                        listCapacity(spec, prg, Resource.FIVETUPLE_FILTERS), steerings.size()));
                case "fdir" -> steerings.add(new Steering(Mechanism.FDIR, n.id(),
                        listCapacity(spec, prg, Resource.FDIR_FILTERS), steerings.size()));
                case "ma_table" -> steerings.add(new Steering(Mechanism.MATCH_ACTION, n.id(),
                        listCapacity(spec, prg, Resource.MA_TABLE_ENTRIES), steerings.size()));
                case "rss" -> rss = Optional.of(rssSpec(n, spec, prg, queues));
                case "flextcp" -> fastPath = Optional.of(new FastPathSpec(n.id(), listCapacity(spec, prg, Resource.FLOWSTATE_SLOTS)));
                case "queues" -> queuesNode = Optional.of(n.id());
                default -> {
                    // other C-nodes (ethertype, syn, csum_offload, ...) do not steer flows the optimizer places
                }
            }
        }
        int defaultQueue = defaultQueue(prg, steerings).orElse(0);
        return new NicModel(prg.name(), queues, Math.min(defaultQueue, queues - 1), steerings, rss, fastPath, queuesNode);
    }

    private static int countQueues(DataflowGraph prg) {
        int count = (int) prg.nodes().stream().filter(n -> n.attributes().value("rxqueue").isPresent()).count();
        if (count == 0) {
            count = (int) prg.resource(Resource.RX_QUEUES).map(Resource::capacity).orElse(0L).longValue();
        }
        if (count == 0) {
            throw new IllegalArgumentException(prg.name() + ": no receive queue (no node with attr \"rxqueue=N\")");
        }
        return count;
    }

    /** The upper bound of a list-typed C-node, else the named resource, else 0. */
    private static int listCapacity(ConfigSpec spec, DataflowGraph prg, String resource) {
        if (spec.type() instanceof ConfigType.ListType list) {
            return list.max();
        }
        return (int) Math.min(Integer.MAX_VALUE, prg.resource(resource).map(Resource::capacity).orElse(0L));
    }

    private static RssNode rssSpec(Node n, ConfigSpec spec, DataflowGraph prg, int queues) {
        int entries = (int) prg.resource(Resource.RSS_TABLE_ENTRIES).map(Resource::capacity).orElse(128L).longValue();
        int maxQueues = (int) prg.resource(Resource.RSS_QUEUES).map(Resource::capacity).orElse((long) queues).longValue();
        if (spec.type() instanceof ConfigType.TupleType tuple) {
            Optional<ConfigType.Field> table = tuple.field("table");
            if (table.isPresent() && table.get().type() instanceof ConfigType.ListType list) {
                entries = list.max();
                if (list.element() instanceof ConfigType.IntType element) {
                    maxQueues = (int) (element.hi() + 1);
                }
            }
        }
        return new RssNode(n.id(), entries, Math.max(1, Math.min(maxQueues, queues)));
    }

    /** Follows the last steering node's {@code default} port to a queue's {@code Valid} node. */
    private static OptionalInt defaultQueue(DataflowGraph prg, List<Steering> steerings) {
        for (int i = steerings.size() - 1; i >= 0; i--) {
            for (String target : prg.targets(steerings.get(i).nodeId(), "default")) {
                Matcher m = QUEUE_VALID.matcher(target);
                if (m.matches()) {
                    return OptionalInt.of(Integer.parseInt(m.group(1)));
                }
            }
        }
        return OptionalInt.empty();
    }
}
