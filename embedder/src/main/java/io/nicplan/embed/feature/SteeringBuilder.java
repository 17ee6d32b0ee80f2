package io.nicplan.embed.feature;

import io.nicplan.embed.expand.FilterChain;
import io.nicplan.embed.steering.FastPathSlots;
import io.nicplan.embed.steering.RssTable;
import io.nicplan.embed.steering.RxQueues;
import io.nicplan.embed.steering.SteeringAction;
import io.nicplan.embed.steering.SteeringProgram;
import io.nicplan.embed.steering.SteeringTable;
import io.nicplan.embed.steering.UnsupportedSteeringException;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The steering program being lowered from a configured PRG (docs/steering.md): each feature adds
 * what its C-node contributes ({@link NicFeature#lowerSettings}, then {@link NicFeature#lowerTables}).
 */
public final class SteeringBuilder {
    private final DataflowGraph prg;
    private final Function<String, Optional<ConfigValue>> values;
    private final Function<String, Optional<FilterChain>> chains;
    private final List<SteeringTable> tables = new ArrayList<>();
    private RxQueues queues;
    private Optional<RssTable> rss = Optional.empty();
    private Optional<FastPathSlots> fastPath = Optional.empty();
    private Optional<SteeringAction> fallback = Optional.empty();
    private boolean checksumOffload;
    private boolean checksumErrorsReported;

    /**
     * @param values the configured value of a C-node, by id
     * @param chains the filter chain the embedder built for a C-node, by id
     * @param queueCount receive queues of the configured graph (all enabled until a feature says otherwise)
     */
    public SteeringBuilder(DataflowGraph prg, Function<String, Optional<ConfigValue>> values,
                           Function<String, Optional<FilterChain>> chains, int queueCount) {
        this.prg = Objects.requireNonNull(prg, "prg");
        this.values = Objects.requireNonNull(values, "values");
        this.chains = Objects.requireNonNull(chains, "chains");
        this.queues = RxQueues.all(queueCount);
    }

    public DataflowGraph prg() {
        return prg;
    }

    /** The configured value of C-node {@code id}; empty when unconfigured. */
    public Optional<ConfigValue> value(String id) {
        return values.apply(id);
    }

    /** The filter chain of C-node {@code id}, which the embedder builds for every chain function. */
    public FilterChain chain(String id) {
        return chains.apply(id).orElseThrow(() -> new UnsupportedSteeringException(id + ": no filter chain was built"));
    }

    public RxQueues queues() {
        return queues;
    }

    public void queues(RxQueues enabled) {
        this.queues = Objects.requireNonNull(enabled, "enabled");
    }

    public Optional<RssTable> rss() {
        return rss;
    }

    public void rss(RssTable table) {
        this.rss = Optional.of(table);
    }

    public void table(SteeringTable table) {
        tables.add(table);
    }

    public void fastPath(FastPathSlots slots) {
        this.fastPath = Optional.of(slots);
    }

    public void checksumOffload(boolean on) {
        this.checksumOffload = on;
    }

    /** The NIC passes frames with bad checksums up, flagged, instead of dropping them. */
    public void checksumErrorsReported(boolean reported) {
        this.checksumErrorsReported = reported;
    }

    /** Sends packets no table claims to {@code action} instead of the NIC's default path. */
    public void fallback(SteeringAction action) {
        this.fallback = Optional.of(action);
    }

    /** What packets no table claims meet: a feature's choice, else RSS when configured, else queue 0. */
    public SteeringAction fallback() {
        return fallback.orElseGet(() -> rss.isPresent() ? new SteeringAction.ToRss() : new SteeringAction.ToQueue(0));
    }

    public SteeringProgram build() {
        return new SteeringProgram(prg.name(), tables, fallback(), rss, queues, fastPath, checksumOffload, checksumErrorsReported);
    }
}
