package io.nicplan.embed.expand;

import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.config.ConfigValue;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * A C-node in its PRG: what a configuration function needs to expand it — the node, the targets
 * of its ports, the queue each {@code queues} target stands for, and the description's resources.
 */
public final class ConfigSite {
    /** The port whose i-th target is queue i. */
    public static final String QUEUES_PORT = "queues";
    /** The port packets no entry matches leave by. */
    public static final String DEFAULT_PORT = "default";

    private final DataflowGraph prg;
    private final Node cnode;
    private final QueueLayout layout;
    private final List<String> queueTargets;
    private final Function<String, Optional<ConfigValue>> values;

    /** A site that sees no other C-node's value (checking a value on its own). */
    public ConfigSite(DataflowGraph prg, Node cnode, QueueLayout layout) {
        this(prg, cnode, layout, id -> Optional.empty());
    }

    /**
     * @param values the configured value of every C-node of {@code prg}, by id, for a function whose expansion
     *     depends on another C-node's value ({@link ConfigFunction#readsOtherValues})
     */
    public ConfigSite(DataflowGraph prg, Node cnode, QueueLayout layout, Function<String, Optional<ConfigValue>> values) {
        if (cnode.config().isEmpty()) {
            throw new IllegalArgumentException(cnode.id() + " is not a C-node");
        }
        this.prg = prg;
        this.cnode = cnode;
        this.layout = layout;
        this.queueTargets = prg.targets(cnode.id(), QUEUES_PORT);
        this.values = values;
    }

    /** The configured value of another C-node of the PRG; empty when unconfigured. */
    public Optional<ConfigValue> valueOf(String cnodeId) {
        return values.apply(cnodeId);
    }

    public DataflowGraph prg() {
        return prg;
    }

    public Node cnode() {
        return cnode;
    }

    public String id() {
        return cnode.id();
    }

    public String function() {
        return cnode.config().orElseThrow().function();
    }

    public QueueLayout layout() {
        return layout;
    }

    /** Targets of one of the C-node's ports (empty when it has no such port). */
    public List<String> targets(String port) {
        return prg.targets(cnode.id(), port);
    }

    public List<String> defaultTargets() {
        return targets(DEFAULT_PORT);
    }

    /** How many queues the {@code queues} port reaches. */
    public int queueTargetCount() {
        return queueTargets.size();
    }

    /**
     * The node that packets steered to {@code queue} go to: the {@code queues} port target that
     * stands for that queue (by the layout), else the queue-th target.
     */
    public Optional<String> queueTarget(int queue) {
        for (String t : queueTargets) {
            if (layout.queueOf(t).orElse(-1) == queue) {
                return Optional.of(t);
            }
        }
        return queue >= 0 && queue < queueTargets.size() ? Optional.of(queueTargets.get(queue)) : Optional.empty();
    }

    public OptionalLong capacity(String resource) {
        return prg.resource(resource).map(r -> OptionalLong.of(r.capacity())).orElse(OptionalLong.empty());
    }

    /** The resources the C-node declares it uses. */
    public List<String> uses() {
        return cnode.config().orElseThrow().resources();
    }
}
