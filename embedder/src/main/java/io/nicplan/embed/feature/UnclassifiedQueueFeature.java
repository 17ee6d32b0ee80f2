package io.nicplan.embed.feature;

import io.nicplan.descriptions.conventions.ConfigFunctionRule;
import io.nicplan.embed.expand.ConfigFunction;
import io.nicplan.embed.expand.ConfigSite;
import io.nicplan.embed.expand.RssFunction;
import io.nicplan.embed.expand.QueueIfFunction;
import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.embed.steering.MatchKind;
import io.nicplan.embed.steering.RssTable;
import io.nicplan.embed.steering.SteeringAction;
import io.nicplan.embed.steering.SteeringEntry;
import io.nicplan.embed.steering.SteeringTable;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.config.ConfigValue;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import io.nicplan.net.RssHashType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * virtio-net's {@code unclassified_queue} (virtio v1.2, struct virtio_net_rss_config): the receive
 * queue for packets the device computes no hash for. RSS processing (5.1.6.5.7.1 "RSS processing"): "If the device
 * did not calculate the hash for the specific packet, the device directs the packet to the receiveq specified by
 * unclassified_queue"; the hash calculation (5.1.6.4.3.2-4) hashes an IPv4 packet when an IPv4 type is enabled and an
 * IPv6 packet (with or without extension headers) when an IPv6 type is, and otherwise "does not calculate the hash".
 * nicplan's hash names always enable the family's address-only type with its port types ({@link RssHashType}), so
 * the unhashed packets are exactly those of a family the configured {@code rss} hash does not enable: with
 * {@code ipv4_l4}, everything but IPv4; with {@code ip_l4}, everything but IPv4 and IPv6; with RSS unset (no
 * enabled type), everything. The C-node sits before the {@code rss} C-node and reads its value: set to queue
 * {@code q}, it sends the unhashed packets to {@code q} and the rest on through its {@code default} port; unset,
 * everything goes on. Defined once here, as docs/ARCHITECTURE.md "How to add a NIC feature" describes.
 */
final class UnclassifiedQueueFeature implements NicFeature {
    public static final String FUNCTION = "unclassified_queue";
    private static final long ETH_IPV4 = FilterMatch.ETH_IPV4;
    private static final long ETH_IPV6 = HeaderField.ETH_TYPE.symbol("ipv6").orElseThrow();

    private final ConfigFunction configuration = new Expand();

    @Override
    public ConfigFunction configuration() {
        return configuration;
    }

    @Override
    public ConfigFunctionRule convention() {
        return io.nicplan.descriptions.conventions.ConfigFunction.UNCLASSIFIED_QUEUE;
    }

    /**
     * The optimizer plans flows of the families its RSS hash enables ({@code CostModel.rssHashFor}), which this queue
     * never receives; it must know the queue exists.
     */
    @Override
    public OptimizerFacet facet(Node node, DataflowGraph prg) {
        return new OptimizerFacet.UnclassifiedQueue();
    }

    @Override
    public void lowerSettings(Node node, SteeringBuilder steering) {
        // A table of its own; no setting.
    }

    /**
     * One table: each EtherType the configured hash enables to where unclaimed packets go (the default port leads to
     * RSS), anything else to the queue. The hashed entries have the higher priority, so they win where both match.
     * RSS records its table in its lowerSettings, which run before every lowerTables, so {@code steering.rss()} is
     * the configured hash here.
     */
    @Override
    public void lowerTables(Node node, SteeringBuilder steering) {
        List<SteeringEntry> entries = new ArrayList<>();
        Optional<ConfigValue> value = steering.value(node.id());
        if (value.isPresent() && value.get() instanceof ConfigValue.IntValue queue) {
            for (long ethType : hashedEtherTypes(steering.rss().map(RssTable::hashType))) {
                entries.add(SteeringEntry.of(FilterMatch.etherType((int) ethType), MatchKind.TERNARY, 1, steering.fallback()));
            }
            entries.add(SteeringEntry.of(FilterMatch.etherType(-1), MatchKind.TERNARY, 0,
                    new SteeringAction.ToQueue((int) queue.value())));
        }
        steering.table(new SteeringTable(node.id(), SteeringTable.KeyFields.FIVE_TUPLE, MatchKind.TERNARY, 3, entries));
    }

    /** The EtherTypes of the families {@code hash} computes a hash for; none when RSS is unset. */
    static List<Long> hashedEtherTypes(Optional<RssHashType> hash) {
        List<Long> types = new ArrayList<>();
        hash.filter(RssHashType::hashesIpv4).ifPresent(h -> types.add(ETH_IPV4));
        hash.filter(RssHashType::hashesIpv6).ifPresent(h -> types.add(ETH_IPV6));
        return types;
    }

    /** The hash type the PRG's {@code rss} C-node is configured with, as {@code site} sees it; empty when unset. */
    private static Optional<RssHashType> configuredHash(ConfigSite site) {
        for (Node n : site.prg().nodes()) {
            if (n.config().isPresent() && n.config().get().function().equals("rss")) {
                return site.valueOf(n.id()).map(v -> RssFunction.spec(n, (ConfigValue.TupleValue) v).type());
            }
        }
        return Optional.empty();
    }

    /** The value is an optional queue; the expansion is a boolean node "the configured hash does not hash it". */
    private static final class Expand extends QueueIfFunction {
        @Override
        public String name() {
            return FUNCTION;
        }

        @Override
        protected Predicate matches(ConfigSite site) {
            List<Predicate> hashed = hashedEtherTypes(configuredHash(site)).stream()
                    .map(t -> Predicate.eq(HeaderField.ETH_TYPE, t)).toList();
            return Predicate.not(Predicate.or(hashed));
        }

        @Override
        public boolean readsOtherValues() {
            return true;
        }

        @Override
        protected String implementation() {
            return FUNCTION;
        }

        @Override
        public String unconfigured() {
            return "unset: packets RSS cannot hash take the RSS table's entry 0";
        }
    }
}
