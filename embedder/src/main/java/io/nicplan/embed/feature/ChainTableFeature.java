package io.nicplan.embed.feature;

import io.nicplan.descriptions.conventions.ConfigFunction;
import io.nicplan.descriptions.conventions.ConfigFunctionRule;
import io.nicplan.embed.expand.ChainAction;
import io.nicplan.embed.expand.ChainEntry;
import io.nicplan.embed.expand.ChainFunction;
import io.nicplan.embed.expand.EthertypeFunction;
import io.nicplan.embed.expand.FdirFunction;
import io.nicplan.embed.expand.FilterChain;
import io.nicplan.embed.expand.FiveTupleFunction;
import io.nicplan.embed.expand.MaTableFunction;
import io.nicplan.embed.steering.MatchKind;
import io.nicplan.embed.steering.SteeringAction;
import io.nicplan.embed.steering.SteeringEntry;
import io.nicplan.embed.steering.SteeringTable;
import io.nicplan.embed.steering.UnsupportedSteeringException;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The filter tables (five-tuple, flow director, EtherType, match-action): a list of entries the
 * embedder expands into a filter chain, lowered to one steering table in declaration order.
 */
final class ChainTableFeature implements NicFeature {
    private final ChainFunction configuration;
    private final ConfigFunctionRule convention;
    /** The optimizer's mechanism name and the resource bounding the table; empty: the optimizer places nothing here. */
    private final Optional<String> mechanism;
    private final String capacityResource;
    /** Whether a table of exact five-tuples only is a perfect-filter (hash) table. */
    private final boolean exactWhenAllExact;

    private ChainTableFeature(ChainFunction configuration, ConfigFunctionRule convention, Optional<String> mechanism,
                              String capacityResource, boolean exactWhenAllExact) {
        this.configuration = configuration;
        this.convention = convention;
        this.mechanism = mechanism;
        this.capacityResource = capacityResource;
        this.exactWhenAllExact = exactWhenAllExact;
    }

    /** The 82599's 5-tuple filters: wildcards allowed, priority 1..7. */
    static NicFeature fiveTuple() {
        return new ChainTableFeature(new FiveTupleFunction(), ConfigFunction.FIVETUPLE, Optional.of("fivetuple"),
                Resource.FIVETUPLE_FILTERS, false);
    }

    /** The 82599's flow director: exact flows. On the NIC a table of exact five-tuples is a perfect-filter (hash) table. */
    static NicFeature flowDirector() {
        return new ChainTableFeature(new FdirFunction(), ConfigFunction.FDIR, Optional.of("fdir"), Resource.FDIR_FILTERS, true);
    }

    /** EtherType filters: not a per-flow mechanism, so the optimizer does not place flows on them. */
    static NicFeature etherType() {
        return new ChainTableFeature(new EthertypeFunction(), ConfigFunction.ETHERTYPE, Optional.empty(),
                Resource.ETHERTYPE_FILTERS, false);
    }

    /** FlexNIC's match-action tables. */
    static NicFeature matchAction() {
        return new ChainTableFeature(new MaTableFunction(), ConfigFunction.MA_TABLE, Optional.of("match_action"),
                Resource.MA_TABLE_ENTRIES, false);
    }

    @Override
    public ChainFunction configuration() {
        return configuration;
    }

    @Override
    public ConfigFunctionRule convention() {
        return convention;
    }

    @Override
    public OptimizerFacet facet(Node node, DataflowGraph prg) {
        return mechanism.<OptimizerFacet>map(m -> new OptimizerFacet.Table(m, Shapes.listCapacity(node, prg, capacityResource)))
                .orElseGet(OptimizerFacet.None::new);
    }

    @Override
    public void lowerSettings(Node node, SteeringBuilder steering) {
        // A filter table changes no setting other tables depend on.
    }

    @Override
    public void lowerTables(Node node, SteeringBuilder steering) {
        FilterChain chain = steering.chain(node.id());
        MatchKind kind = exactWhenAllExact && chain.entries().stream()
                .allMatch(e -> e.match().isExactFiveTuple() && e.match().ethType() >= 0) ? MatchKind.EXACT : MatchKind.TERNARY;
        boolean hasRss = steering.rss().isPresent();
        List<SteeringEntry> entries = new ArrayList<>();
        for (ChainEntry e : chain.entries()) {
            entries.add(SteeringEntry.of(e.match(), kind, e.priority(), action(node.id(), e.action(), hasRss)));
        }
        steering.table(new SteeringTable(node.id(), SteeringTable.KeyFields.FIVE_TUPLE, kind, Shapes.tableCapacity(node), entries));
    }

    private static SteeringAction action(String table, ChainAction a, boolean hasRss) {
        if (a instanceof ChainAction.ToQueue q) {
            return new SteeringAction.ToQueue(q.queue(), q.delivery());
        } else if (a instanceof ChainAction.FastPath f) {
            return new SteeringAction.FastPath(f.queue());
        } else if (a instanceof ChainAction.Drop) {
            return new SteeringAction.Drop();
        } else if (a instanceof ChainAction.Mark m) {
            return new SteeringAction.Mark(m.value());
        } else if (a instanceof ChainAction.Hash h) {
            return new SteeringAction.Hash(h.buckets());
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
}
