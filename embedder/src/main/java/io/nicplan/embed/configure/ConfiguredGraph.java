package io.nicplan.embed.configure;

import io.nicplan.embed.config.ConfigChange;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.config.ConfigurationJson;
import io.nicplan.embed.expand.ChainFunction;
import io.nicplan.embed.expand.ConfigFunction;
import io.nicplan.embed.expand.ConfigFunctions;
import io.nicplan.embed.feature.NicFeatures;
import io.nicplan.embed.expand.ConfigSite;
import io.nicplan.embed.expand.Expansion;
import io.nicplan.embed.expand.FilterChain;
import io.nicplan.embed.expand.QueueLayout;
import io.nicplan.embed.json.JsonPointer;
import io.nicplan.embed.json.Problems;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.DerivedValues;
import io.nicplan.graph.Edge;
import io.nicplan.graph.EdgeKind;
import io.nicplan.graph.GraphBuilder;
import io.nicplan.graph.Node;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.config.ConfigTypeChecker;
import io.nicplan.graph.config.ConfigValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A PRG with a configuration applied: every C-node whose function is known replaced by its
 * expansion (configured value, or the function's unconfigured behaviour).
 *
 * <p>Kept as the unchanged PRG plus one {@link Expansion} per C-node, so a change to one C-node
 * ({@link #apply(ConfigChange)}) replaces one expansion — and adding or removing a filter patches
 * its {@link FilterChain} — without touching the rest. The configured {@link DataflowGraph} is
 * materialised on first use of {@link #graph()}.
 *
 * <p>Wiring: every edge that entered a C-node goes to its expansion's entry targets (all of them:
 * a C-node with several incoming edges keeps all), following chains of C-nodes (a 5-tuple table
 * whose default is the flow director's C-node leads to that table's first filter).
 */
public final class ConfiguredGraph {
    private final DataflowGraph prg;
    private final QueueLayout layout;
    private final ConfigFunctions functions;
    private final Configuration configuration;
    private final Map<String, Expansion> expansions;
    private DataflowGraph graph;
    private final DerivedValues derived = new DerivedValues();

    private ConfiguredGraph(DataflowGraph prg, QueueLayout layout, ConfigFunctions functions, Configuration configuration,
                            Map<String, Expansion> expansions) {
        this.prg = prg;
        this.layout = layout;
        this.functions = functions;
        this.configuration = configuration;
        this.expansions = Collections.unmodifiableMap(expansions);
    }

    /**
     * Checks {@code configuration} against {@code prg} and applies it.
     *
     * @throws io.nicplan.embed.input.InvalidInputException listing every problem with its JSON pointer
     */
    public static ConfiguredGraph apply(DataflowGraph prg, Configuration configuration, ConfigFunctions functions) {
        Problems problems = new Problems();
        ConfigurationValidator.validate(prg, configuration, functions, problems);
        problems.throwIfAny("configuration");
        QueueLayout layout = prg.derived(QueueLayout.class, QueueLayout::of);
        Map<String, Expansion> expansions = new LinkedHashMap<>();
        for (Node n : prg.nodes()) {
            if (n.config().isEmpty()) {
                continue;
            }
            Optional<ConfigFunction> f = functions.get(n.config().get().function());
            f.ifPresent(function -> expansions.put(n.id(),
                    function.expand(new ConfigSite(prg, n, layout, configuration::value), configuration.value(n.id()))));
        }
        return new ConfiguredGraph(prg, layout, functions, configuration, expansions);
    }

    /** Applies {@code configuration} with the standard configuration functions. */
    public static ConfiguredGraph apply(DataflowGraph prg, Configuration configuration) {
        return apply(prg, configuration, NicFeatures.standard().functions());
    }

    /**
     * This graph after one change. Adding or removing a filter patches that C-node's chain; setting
     * a value re-expands that C-node only.
     *
     * @throws io.nicplan.embed.input.InvalidInputException if the change does not fit (type, capacity,
     *     duplicate exact-match key, unknown C-node, index out of range)
     */
    public ConfiguredGraph apply(ConfigChange change) {
        Problems problems = new Problems();
        String pointer = JsonPointer.child("", change.cnode());
        Optional<Node> node = prg.node(change.cnode()).filter(n -> n.config().isPresent());
        Expansion current = expansions.get(change.cnode());
        if (node.isEmpty() || current == null) {
            problems.add(pointer, "no configurable C-node '" + change.cnode() + "' in " + prg.name() + "; its C-nodes are "
                    + ConfigurationJson.cnodeIds(prg));
            problems.throwIfAny("configuration change");
        }
        ConfigSite site = new ConfigSite(prg, node.get(), layout);
        ConfigFunction function = functions.get(site.function()).orElseThrow();
        Configuration next = configuration.apply(validated(change, site, function, current, pointer, problems));
        Expansion expansion;
        if (change instanceof ConfigChange.AddEntry a && current instanceof FilterChain chain) {
            expansion = chain.withAdded(a.entry());
        } else if (change instanceof ConfigChange.RemoveEntry r && current instanceof FilterChain chain) {
            expansion = chain.withRemoved(r.index());
        } else {
            expansion = function.expand(site, next.value(change.cnode()));
        }
        Map<String, Expansion> m = new LinkedHashMap<>(expansions);
        m.put(change.cnode(), expansion);
        reexpandReaders(next, change.cnode(), m);
        return new ConfiguredGraph(prg, layout, functions, next, m);
    }

    /** Expands again, under {@code next}, every other C-node whose function reads other C-nodes' values. */
    private void reexpandReaders(Configuration next, String changed, Map<String, Expansion> m) {
        for (Node n : prg.nodes()) {
            if (n.config().isEmpty() || n.id().equals(changed)) {
                continue;
            }
            functions.get(n.config().get().function()).filter(ConfigFunction::readsOtherValues).ifPresent(f ->
                    m.put(n.id(), f.expand(new ConfigSite(prg, n, layout, next::value), next.value(n.id()))));
        }
    }

    private ConfigChange validated(ConfigChange change, ConfigSite site, ConfigFunction function, Expansion current,
                                   String pointer, Problems problems) {
        ConfigType type = site.cnode().config().orElseThrow().type();
        if (change instanceof ConfigChange.AddEntry a) {
            if (!(type instanceof ConfigType.ListType lt) || !(current instanceof FilterChain chain)) {
                problems.add(pointer, "C-node " + site.id() + " is not a list of filters; set its whole value instead");
                problems.throwIfAny("configuration change");
                return change;
            }
            String p = JsonPointer.child(pointer, chain.size());
            ConfigTypeChecker.check(lt.element(), a.entry()).forEach(e -> problems.add(ConfigurationValidator.pointer(p, e.path()), e.message()));
            problems.throwIfAny("configuration change");
            if (chain.size() + 1 > lt.max()) {
                problems.add(pointer, "C-node " + site.id() + " already holds " + chain.size() + " entries, its limit");
            }
            ConfigurationValidator.checkCapacity(site, function.consumption(site,
                    new ConfigValue.ListValue(Collections.nCopies(chain.size() + 1, a.entry()))), pointer, problems);
            ((ChainFunction) function).checkAdded(site, chain, a.entry(), p, problems);
        } else if (change instanceof ConfigChange.RemoveEntry r) {
            int size = configuration.list(site.id()).size();
            if (r.index() < 0 || r.index() >= size) {
                problems.add(JsonPointer.child(pointer, r.index()), "no entry " + r.index() + "; C-node " + site.id() + " holds " + size);
            }
        } else {
            ConfigChange.SetValue s = (ConfigChange.SetValue) change;
            s.value().ifPresent(v -> ConfigurationValidator.validateValue(site, function, type, v, pointer, problems));
        }
        problems.throwIfAny("configuration change");
        return change;
    }

    public DataflowGraph prg() {
        return prg;
    }

    public QueueLayout layout() {
        return layout;
    }

    public ConfigFunctions functions() {
        return functions;
    }

    public Configuration configuration() {
        return configuration;
    }

    /** Expansions by C-node id, in the PRG's declaration order. */
    public Map<String, Expansion> expansions() {
        return expansions;
    }

    /** The filter chain a C-node expanded into, if it is a steering table. */
    public Optional<FilterChain> chain(String cnode) {
        Expansion e = expansions.get(cnode);
        return e instanceof FilterChain c ? Optional.of(c) : Optional.empty();
    }

    /**
     * Where an edge into {@code target} really leads: {@code target} itself, or, when it is an
     * expanded C-node, its expansion's entry targets (followed through further C-nodes).
     */
    public List<String> resolve(String target) {
        if (!expansions.containsKey(target)) {
            return List.of(target); // most targets: a node the configuration leaves as it is
        }
        Set<String> out = new LinkedHashSet<>();
        resolve(target, out, new HashSet<>());
        return List.copyOf(out);
    }

    private void resolve(String target, Set<String> out, Set<String> visiting) {
        Expansion e = expansions.get(target);
        if (e == null || replacesWithSameId(e)) {
            out.add(target);
            return;
        }
        if (!visiting.add(target)) {
            return; // entry targets loop back through C-nodes: those packets go nowhere
        }
        for (String t : e.entry()) {
            resolve(t, out, visiting);
        }
        visiting.remove(target);
    }

    private static boolean replacesWithSameId(Expansion e) {
        if (e instanceof FilterChain) {
            // A chain's nodes are named after its entries (FilterChain#nodeId), never the C-node; asking
            // for them would materialise every filter node.
            return false;
        }
        for (Node n : e.nodes()) {
            if (n.id().equals(e.cnode())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The value of one kind derived from this graph alone (the compiled classifier, say): built by
     * {@code derive} on first use and kept with the graph ({@link DerivedValues}), since the graph
     * is immutable and may be used again ({@link RecentConfiguredGraphs}).
     */
    public <T> T derived(Class<T> kind, Function<ConfiguredGraph, ? extends T> derive) {
        return derived.get(this, kind, derive);
    }

    /** The configured graph: the PRG with every expanded C-node replaced. */
    public synchronized DataflowGraph graph() {
        if (graph == null) {
            graph = materialise();
        }
        return graph;
    }

    private DataflowGraph materialise() {
        GraphBuilder b = DataflowGraph.builder(prg.name());
        Set<Edge> removed = new HashSet<>();
        for (Expansion e : expansions.values()) {
            removed.addAll(e.removedEdges());
        }
        for (Node n : prg.nodes()) {
            if (!expansions.containsKey(n.id())) {
                b.addNode(n);
            }
        }
        prg.resources().values().forEach(b::addResource);
        List<Edge> edges = new ArrayList<>();
        for (Edge e : prg.edges()) {
            if (!removed.contains(e) && !expansions.containsKey(e.source())) {
                edges.add(e);
            }
        }
        for (Expansion x : expansions.values()) {
            x.nodes().forEach(b::addNode);
            edges.addAll(x.edges());
        }
        for (Edge e : edges) {
            for (String t : resolve(e.target())) {
                b.addEdge(t.equals(e.target()) ? e : new Edge(e.source(), e.label(), t, e.kind()));
            }
        }
        return b.build();
    }
}
