package io.nicplan.embed.feature;

import io.nicplan.descriptions.conventions.ConfigFunction;
import io.nicplan.descriptions.conventions.ConfigFunctionRule;
import io.nicplan.descriptions.conventions.PrgConventions;
import io.nicplan.embed.expand.ConfigFunctions;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.ValidationIssue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The NIC features by configuration-function name: the one place that says which functions a
 * description may use and what each does (docs/ARCHITECTURE.md "How to add a NIC feature").
 * Immutable.
 */
public final class NicFeatures {
    private static final NicFeatures STANDARD = new NicFeatures(Map.of())
            .with(ChainTableFeature.fiveTuple()).with(ChainTableFeature.flowDirector()).with(ChainTableFeature.etherType())
            .with(new SynFeature()).with(new RssFeature()).with(new QueuesFeature()).with(new CsumOffloadFeature())
            .with(ChainTableFeature.matchAction()).with(new FlexTcpFeature()).with(new UnclassifiedQueueFeature())
            .with(new TxOffloadFeature());

    private final Map<String, NicFeature> byFunction;
    private final ConfigFunctions functions;

    private NicFeatures(Map<String, NicFeature> byFunction) {
        this.byFunction = Collections.unmodifiableMap(new LinkedHashMap<>(byFunction));
        this.functions = ConfigFunctions.none().with(this.byFunction.values().stream().map(NicFeature::configuration).toList());
    }

    /** fivetuple, fdir, ethertype, syn, rss, queues, csum_offload, ma_table, flextcp, unclassified_queue, tx_offload. */
    public static NicFeatures standard() {
        return STANDARD;
    }

    /** These features and {@code feature} (replacing one with its function name). */
    public NicFeatures with(NicFeature feature) {
        Map<String, NicFeature> m = new LinkedHashMap<>(byFunction);
        m.put(feature.function(), feature);
        return new NicFeatures(m);
    }

    public Optional<NicFeature> get(String function) {
        return Optional.ofNullable(byFunction.get(function));
    }

    /** The registered function names, in registration order. */
    public Set<String> names() {
        return byFunction.keySet();
    }

    /** The features' configuration functions, for the embedder's expansion and checks. */
    public ConfigFunctions functions() {
        return functions;
    }

    /** The conventions a description's C-nodes follow, by function name. */
    public Map<String, ConfigFunctionRule> conventions() {
        Map<String, ConfigFunctionRule> rules = new LinkedHashMap<>();
        byFunction.forEach((name, f) -> rules.put(name, f.convention()));
        return rules;
    }

    /**
     * Every function a description may name: the features' and the LPG's {@code endpoints}
     * placeholder, which the LPG builder fills from the protocol state rather than a feature.
     */
    public Set<String> descriptionFunctions() {
        Set<String> names = new LinkedHashSet<>(byFunction.keySet());
        names.add(ConfigFunction.ENDPOINTS.functionName());
        return Collections.unmodifiableSet(names);
    }

    /** The conventions check of a NIC description (PRG) against these features: an unknown function is an error. */
    public List<ValidationIssue> checkDescription(DataflowGraph prg) {
        return PrgConventions.check(prg, conventions());
    }
}
