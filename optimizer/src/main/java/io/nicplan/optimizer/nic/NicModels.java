package io.nicplan.optimizer.nic;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.descriptions.driver.DriverLimits;
import io.nicplan.descriptions.driver.Target;
import io.nicplan.embed.expand.RssFunction;
import io.nicplan.embed.feature.NicFeature;
import io.nicplan.embed.feature.NicFeatures;
import io.nicplan.embed.feature.OptimizerFacet;
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
 * with {@code rxqueue=N}; each C-node is what its NIC feature's {@link OptimizerFacet} says, taken
 * in declaration order (the NIC's precedence); capacities are their list types' upper bounds.
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
     * The compact model of {@code prg} with the standard NIC features.
     *
     * @throws IllegalArgumentException when the PRG has no receive queue or a C-node's function is no feature
     */
    public static NicModel fromPrg(DataflowGraph prg) {
        return fromPrg(prg, NicFeatures.standard());
    }

    /**
     * The compact model of {@code prg} under {@code target}, with the standard NIC features. Under {@code linux} it
     * holds only what the NIC's Linux driver exposes, as the description states it ({@link DriverLimits}): no more
     * queues than the driver enables, no C-node ethtool cannot reach, tables no fuller than the driver fills them,
     * and an RSS table {@code ethtool -X} can set.
     *
     * @throws IllegalArgumentException as {@link #fromPrg(DataflowGraph)}, or under {@code linux} when the
     *     description states no Linux driver
     */
    public static NicModel fromPrg(DataflowGraph prg, Target target) {
        return fromPrg(prg, NicFeatures.standard(), DriverLimits.of(prg, target));
    }

    /**
     * The compact model of {@code prg}: each C-node as its feature's {@link OptimizerFacet}.
     *
     * @throws IllegalArgumentException when the PRG has no receive queue, a C-node's function is
     *     none of {@code features}, or a table facet names a mechanism the optimizer does not have
     */
    public static NicModel fromPrg(DataflowGraph prg, NicFeatures features) {
        return fromPrg(prg, features, DriverLimits.of(prg, Target.HARDWARE));
    }

    private static NicModel fromPrg(DataflowGraph prg, NicFeatures features, DriverLimits limits) {
        int queues = countQueues(prg);
        if (limits.target() == Target.LINUX) {
            queues = Math.min(queues, limits.rxQueues());
        }
        FacetCollector collected = new FacetCollector(queues, limits);
        for (Node n : prg.nodesOfKind(NodeKind.CONFIG)) {
            String function = n.config().orElseThrow().function();
            NicFeature feature = features.get(function).orElseThrow(() -> new IllegalArgumentException(prg.name() + ": C-node "
                    + n.id() + " uses function '" + function + "', which is no NIC feature (known: " + features.names() + ")"));
            if (!limits.reaches(n.id())) {
                continue; // the driver cannot configure it, so the plan leaves it unconfigured
            }
            collected.node = n;
            feature.facet(n, prg).accept(collected);
        }
        int defaultQueue = defaultQueue(prg, collected.steerings).orElse(0);
        return new NicModel(prg.name(), queues, Math.min(defaultQueue, queues - 1), collected.steerings, collected.rss,
                collected.fastPath, collected.queuesNode, collected.unclassifiedNode, limits.target(), collected.transmitOffloads);
    }

    /** Gathers the facets of a PRG's C-nodes, in declaration order (the NIC's precedence). */
    private static final class FacetCollector implements OptimizerFacet.Visitor<Void> {
        private final int queues;
        private final DriverLimits limits;
        private final List<Steering> steerings = new ArrayList<>();
        private Optional<RssNode> rss = Optional.empty();
        private Optional<FastPathSpec> fastPath = Optional.empty();
        private Optional<String> queuesNode = Optional.empty();
        private Optional<String> unclassifiedNode = Optional.empty();
        private final List<String> transmitOffloads = new ArrayList<>();
        private Node node;

        FacetCollector(int queues, DriverLimits limits) {
            this.queues = queues;
            this.limits = limits;
        }

        @Override
        public Void none(OptimizerFacet.None none) {
            return null;
        }

        @Override
        public Void table(OptimizerFacet.Table table) {
            Mechanism mechanism = Mechanism.byJsonName(table.mechanism()).filter(Mechanism::isFilter)
                    .orElseThrow(() -> new IllegalArgumentException(node.id() + ": no filter mechanism '" + table.mechanism() + "'"));
            steerings.add(new Steering(mechanism, node.id(), (int) limits.capacity(node.id(), table.capacity()), steerings.size(),
                    hasField(node, "priority"), hasField(node, "src_ip6") && limits.takesIpv6(node.id())));
            return null;
        }

        @Override
        public Void rss(OptimizerFacet.Rss facet) {
            rss = Optional.of(new RssNode(node.id(), facet.tableEntries(), Math.max(1, Math.min(facet.maxQueues(), queues)),
                    limits.rssTableByEthtool(), RssFunction.keyLength(node), RssFunction.hashTypes(node)));
            return null;
        }

        @Override
        public Void queues(OptimizerFacet.Queues facet) {
            queuesNode = Optional.of(node.id());
            return null;
        }

        @Override
        public Void unclassifiedQueue(OptimizerFacet.UnclassifiedQueue queue) {
            unclassifiedNode = Optional.of(node.id());
            return null;
        }

        @Override
        public Void transmitOffload(OptimizerFacet.TransmitOffload offload) {
            transmitOffloads.add(node.id());
            return null;
        }

        @Override
        public Void fastPathSlots(OptimizerFacet.FastPathSlots slots) {
            fastPath = Optional.of(new FastPathSpec(node.id(), slots.slots()));
            return null;
        }
    }

    /** Whether the C-node's entries (a list of tuples) have a {@code priority} field. */
    /** Whether the C-node's entries have the field {@code name} ({@code priority}; {@code src_ip6}: they match IPv6). */
    private static boolean hasField(Node node, String name) {
        ConfigType type = node.config().orElseThrow().type();
        return type instanceof ConfigType.ListType list && list.element() instanceof ConfigType.TupleType tuple
                && tuple.fields().stream().anyMatch(f -> f.name().equals(name));
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
