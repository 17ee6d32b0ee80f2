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
    final Map<String, PortDraft> ports = new LinkedHashMap<>();
    final List<PendingPredicate> pendingPredicates = new ArrayList<>(0);
    final Map<String, List<Target>> spawns = new LinkedHashMap<>(0);
    final Set<String> flags = new LinkedHashSet<>();
    final Map<String, String> values = new LinkedHashMap<>();
    final List<Use> uses = new ArrayList<>(0);
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

    Node toNode() {
        List<Port> portList = new ArrayList<>(ports.size());
        for (PortDraft p : ports.values()) {
            portList.add(new Port(p.name, p.predicate == null ? Predicate.TRUE : p.predicate));
        }
        Optional<ConfigSpec> config = kind == NodeKind.CONFIG
                ? Optional.of(new ConfigSpec(type, function, uses.stream().map(Use::resource).toList()))
                : Optional.empty();
        return new Node(id, kind, portList, new Attributes(flags, values), Optional.ofNullable(implementation),
                cycles == null ? OptionalLong.empty() : OptionalLong.of(cycles), config);
    }
}
