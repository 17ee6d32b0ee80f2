package io.nicplan.embed;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.classify.ClassificationReport;
import io.nicplan.embed.classify.FlowClassifier;
import io.nicplan.embed.classify.FlowPlacements;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.configure.ConfigurationReader;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.configure.RecentConfiguredGraphs;
import io.nicplan.embed.embedding.Embedding;
import io.nicplan.embed.embedding.EmbeddingEngine;
import io.nicplan.embed.embedding.EmbeddingOptions;
import io.nicplan.embed.embedding.EmbeddingRenderer;
import io.nicplan.embed.expand.ConfigFunctions;
import io.nicplan.embed.feature.NicFeatures;
import io.nicplan.embed.input.InvalidInputException;
import io.nicplan.embed.lpg.LpgBuilder;
import io.nicplan.embed.reach.Solver;
import io.nicplan.embed.reach.StandardSolver;
import io.nicplan.embed.state.Endpoint;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.state.ProtocolStateJson;
import io.nicplan.embed.steering.SteeringProgram;
import io.nicplan.embed.steering.UnsupportedSteeringException;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.predicate.PredicateLogic;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The embedder's entry point for the command line and the service: read a protocol state and a
 * configuration, apply the configuration to a NIC description, classify flows, and embed the
 * protocol stack behind every queue.
 *
 * <pre>{@code
 * Embedder embedder = Embedder.standard();
 * ProtocolState state = embedder.readState(stateJson);
 * Configuration config = embedder.readConfiguration(prg, configJson);
 * Embedding e = embedder.embed(prg, lpgTemplate, state, config);
 * System.out.println(Embedder.render(e, Embedder.Format.TEXT));
 * }</pre>
 *
 * <p>Bad input raises one {@link InvalidInputException} carrying every problem with its JSON
 * pointer.
 */
public final class Embedder {
    /** Output formats of an embedding. */
    public enum Format {
        TEXT, JSON, DOT;

        /** The format named {@code text}, {@code json} or {@code dot}. */
        public static Optional<Format> byName(String name) {
            for (Format f : values()) {
                if (f.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    private static final Embedder STANDARD = new Embedder(NicFeatures.standard(), StandardSolver.INSTANCE);

    /** The graphs of the configurations applied last ({@link #configure}). */
    private final RecentConfiguredGraphs configured;
    private final NicFeatures features;
    private final ConfigFunctions functions;
    private final Solver solver;
    /** The LPG last built ({@link #lpg}). */
    private final AtomicReference<BuiltLpg> lastLpg = new AtomicReference<>();

    /** An embedder for NICs whose C-nodes use these features. */
    public Embedder(NicFeatures features, Solver solver) {
        this(features, features.functions(), solver);
    }

    /**
     * The standard features with these configuration functions plugged in for expansion (a
     * function replaces the feature's of the same name; lowering still follows the features).
     */
    public Embedder(ConfigFunctions functions, Solver solver) {
        this(NicFeatures.standard(), functions, solver);
    }

    private Embedder(NicFeatures features, ConfigFunctions functions, Solver solver) {
        this.features = Objects.requireNonNull(features, "features");
        this.functions = Objects.requireNonNull(functions, "functions");
        this.solver = Objects.requireNonNull(solver, "solver");
        this.configured = new RecentConfiguredGraphs(functions);
    }

    /**
     * The standard NIC features ({@link NicFeatures#standard()}) and nicplan's own predicate reasoning
     * ({@link PredicateLogic}, per-field set reasoning; no SMT solver).
     */
    public static Embedder standard() {
        return STANDARD;
    }

    public NicFeatures features() {
        return features;
    }

    public ConfigFunctions functions() {
        return functions;
    }

    public Solver solver() {
        return solver;
    }

    /** Reads and checks a protocol state (docs/formats.md). */
    public ProtocolState readState(String json) {
        return ProtocolStateJson.read(json);
    }

    /** Reads and checks a configuration for {@code prg}: shapes, types, function rules, capacities. */
    public Configuration readConfiguration(DataflowGraph prg, String json) {
        return ConfigurationReader.read(json, prg, functions);
    }

    /**
     * Applies a configuration (checked again) to a PRG; an equal configuration applied to the same
     * PRG recently gives the same graph ({@link RecentConfiguredGraphs}).
     */
    public ConfiguredGraph configure(DataflowGraph prg, Configuration configuration) {
        return configured.apply(prg, configuration);
    }

    /**
     * The configured NIC as a {@link SteeringProgram} (docs/steering.md): what backends compile,
     * lowered from the graph these configuration functions build.
     *
     * @throws UnsupportedSteeringException when a configured C-node has no steering form
     */
    public SteeringProgram lower(DataflowGraph prg, Configuration configuration) {
        return SteeringLowering.lower(configure(prg, configuration), features);
    }

    /**
     * The host's LPG: the template with one demux node per endpoint of the state. The LPG last built is kept with
     * what it was built from (the template, by identity; whether the host has IPv6 addresses; the endpoints), all
     * {@link LpgBuilder#build} reads of a state: a plan's embeddings of several configurations, and states that differ
     * in their flows only, get the same graph, and the embedder's work on the LPG alone is done once for it.
     */
    public DataflowGraph lpg(DataflowGraph template, ProtocolState state) {
        boolean ipv6 = !state.localIpv6Addresses().isEmpty();
        BuiltLpg last = lastLpg.get();
        if (last != null && last.template() == template && last.ipv6() == ipv6 && last.endpoints().equals(state.endpoints())) {
            return last.lpg();
        }
        DataflowGraph lpg = LpgBuilder.build(template, state);
        lastLpg.set(new BuiltLpg(template, ipv6, state.endpoints(), lpg));
        return lpg;
    }

    /** An LPG and the inputs it was built from. */
    private record BuiltLpg(DataflowGraph template, boolean ipv6, List<Endpoint> endpoints, DataflowGraph lpg) {
    }

    /** The classifier of a configured PRG for the flows of a state. */
    public FlowClassifier classifier(ConfiguredGraph configured, ProtocolState state) {
        return FlowClassifier.of(configured, state, solver);
    }

    /** Every flow of the state placed on the configured PRG; keeps itself current under {@link FlowPlacements#apply}. */
    public FlowPlacements place(DataflowGraph prg, ProtocolState state, Configuration configuration) {
        return FlowPlacements.of(classifier(configure(prg, configuration), state), state.flows());
    }

    /** Flow to queue for every flow of the state. */
    public ClassificationReport classify(DataflowGraph prg, ProtocolState state, Configuration configuration) {
        return new ClassificationReport(prg.name(), place(prg, state, configuration).all());
    }

    /** The shipped LPG template ({@code builtin:lpg}) embedded for {@code state} behind every queue of the configured NIC. */
    public Embedding embed(DataflowGraph prg, ProtocolState state, Configuration configuration) {
        return embed(prg, Descriptions.graph(Descriptions.LPG), state, configuration);
    }

    /** The protocol stack built from {@code lpgTemplate} and {@code state}, embedded behind every queue of the configured NIC. */
    public Embedding embed(DataflowGraph prg, DataflowGraph lpgTemplate, ProtocolState state, Configuration configuration) {
        return embed(prg, lpgTemplate, state, configuration, EmbeddingOptions.defaults());
    }

    public Embedding embed(DataflowGraph prg, DataflowGraph lpgTemplate, ProtocolState state, Configuration configuration,
                           EmbeddingOptions options) {
        FlowPlacements placements = place(prg, state, configuration);
        return new EmbeddingEngine(solver).embed(placements, lpg(lpgTemplate, state), options);
    }

    /** An embedding as DOT with alike queues drawn as one cluster (EmbeddingRenderer.collapsedDot). */
    public static String renderCollapsed(Embedding embedding) {
        return EmbeddingRenderer.collapsedDot(embedding);
    }

    /** An embedding as text, JSON or DOT. */
    public static String render(Embedding embedding, Format format) {
        switch (format) {
            case JSON:
                return EmbeddingRenderer.json(embedding);
            case DOT:
                return EmbeddingRenderer.dot(embedding);
            default:
                return EmbeddingRenderer.text(embedding);
        }
    }
}
