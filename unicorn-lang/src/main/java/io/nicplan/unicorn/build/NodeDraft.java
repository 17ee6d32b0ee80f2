package io.nicplan.unicorn.build;

import io.nicplan.graph.Attributes;
import io.nicplan.graph.ConfigSpec;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.predicate.Predicate;
import io.nicplan.unicorn.syntax.Locator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.antlr.v4.runtime.Token;

/** A node while its declaration is expanded: everything it says, with where it said it. */
final class NodeDraft {

    /** A port as declared, with its predicate once given. */
    static final class PortDraft {
        final String name;
        final Token token;
        final List<Target> targets = new ArrayList<>();
        Predicate predicate;
        Token predicateToken;

        PortDraft(String name, Token token) {
            this.name = name;
            this.token = token;
        }
    }

    /** A {@code predicate NAME EXPR} statement, attached to its port when the node is complete. */
    record PendingPredicate(String port, Predicate predicate, Token token) {
    }

    /** A {@code uses} entry, checked against the resources when the graph is assembled. */
    record Use(String resource, Token token, Locator at) {
    }

    final String id;
    final NodeKind kind;
    final Token token;
    final Locator at;
    final Map<String, PortDraft> ports = new LinkedHashMap<>(4);
    // Most nodes have none of these; they are created on first use (a graph may have 10^6 drafts).
    private List<PendingPredicate> pendingPredicates = List.of();
    private Map<String, List<Target>> spawns = Map.of();
    private Set<String> flags = Set.of();
    private Map<String, String> values = Map.of();
    private List<Use> uses = List.of();
    String implementation;
    Token implementationToken;
    Long cycles;
    Token cyclesToken;
    ConfigType type;
    Token typeToken;
    String function;
    Token functionToken;
    Token usesToken;

    NodeDraft(String id, NodeKind kind, Token token, Locator at) {
        this.id = id;
        this.kind = kind;
        this.token = token;
        this.at = at;
    }

    List<PendingPredicate> pendingPredicates() {
        return pendingPredicates;
    }

    void addPendingPredicate(PendingPredicate p) {
        if (pendingPredicates.isEmpty()) {
            pendingPredicates = new ArrayList<>(2);
        }
        pendingPredicates.add(p);
    }

    Map<String, List<Target>> spawns() {
        return spawns;
    }

    void addSpawns(String label, List<Target> targets) {
        if (spawns.isEmpty()) {
            spawns = new LinkedHashMap<>(2);
        }
        spawns.computeIfAbsent(label, k -> new ArrayList<>()).addAll(targets);
    }

    /** Adds a flag; false when it was already there. */
    boolean addFlag(String flag) {
        if (flags.isEmpty()) {
            flags = new LinkedHashSet<>(2);
        }
        return flags.add(flag);
    }

    /** Sets a key=value attribute unless the key is taken; returns the earlier value, if any. */
    String putValueIfAbsent(String key, String value) {
        if (values.isEmpty()) {
            values = new LinkedHashMap<>(2);
        }
        return values.putIfAbsent(key, value);
    }

    List<Use> uses() {
        return uses;
    }

    void addUse(Use use) {
        if (uses.isEmpty()) {
            uses = new ArrayList<>(2);
        }
        uses.add(use);
    }

    Node toNode() {
        List<Port> portList = new ArrayList<>(ports.size());
        for (PortDraft p : ports.values()) {
            portList.add(new Port(p.name, p.predicate == null ? Predicate.TRUE : p.predicate));
        }
        Optional<ConfigSpec> config = kind == NodeKind.CONFIG
                ? Optional.of(new ConfigSpec(type, function, uses.stream().map(Use::resource).toList()))
                : Optional.empty();
        Attributes attributes = flags.isEmpty() && values.isEmpty() ? Attributes.NONE : new Attributes(flags, values);
        return new Node(id, kind, portList, attributes, Optional.ofNullable(implementation),
                cycles == null ? OptionalLong.empty() : OptionalLong.of(cycles), config);
    }
}
