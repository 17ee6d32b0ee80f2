package io.nicplan.descriptions.conventions;

import io.nicplan.graph.ConfigSpec;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.Port;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.ValidationIssue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Checks one C-node against the documented function: its value type, its ports, its queue targets. */
final class ConfigNodeChecks {

    private ConfigNodeChecks() {
    }

    /** The id of queue {@code q}'s entry node. */
    static String validId(long q) {
        return "Q" + q + ".Valid";
    }

    static void check(DataflowGraph graph, Node node, Function<String, Optional<ConfigFunctionRule>> rules,
                      boolean unknownIsError, List<ValidationIssue> issues) {
        ConfigSpec spec = node.config().orElseThrow();
        Optional<ConfigFunctionRule> known = rules.apply(spec.function());
        if (known.isEmpty()) {
            String message = "config node '" + node.id() + "' uses function '" + spec.function()
                    + "', which no convention defines; nothing can expand it";
            issues.add(unknownIsError ? ValidationIssue.error("convention-function", node.id(), message)
                    : ValidationIssue.warning("convention-function", node.id(), message));
            return;
        }
        ConfigFunctionRule function = known.get();
        String functionName = function.functionName();
        Optional<ConfigType> expected = function.expectedType(graph.resources());
        if (expected.isEmpty()) {
            issues.add(ValidationIssue.error("convention-resource", node.id(), "config node '" + node.id() + "' ("
                    + functionName + ") needs the resources " + function.resources() + " with usable capacities"));
        } else if (!expected.get().equals(spec.type())
                && !function.alternativeTypes(graph.resources()).contains(spec.type())) {
            issues.add(ValidationIssue.error("convention-type", node.id(), "config node '" + node.id() + "' ("
                    + functionName + ") has type " + spec.type() + " but the convention is " + expected.get()));
        }
        Set<String> ports = new HashSet<>();
        node.ports().stream().map(Port::name).forEach(ports::add);
        if (!ports.equals(new HashSet<>(function.ports()))) {
            issues.add(ValidationIssue.error("convention-ports", node.id(), "config node '" + node.id() + "' ("
                    + functionName + ") has ports " + node.ports().stream().map(Port::name).toList()
                    + " but the convention is " + function.ports()));
        }
        if (ports.contains("default") && graph.targets(node.id(), "default").isEmpty()) {
            issues.add(ValidationIssue.error("convention-ports", node.id(), "config node '" + node.id()
                    + "' has no target on its 'default' port: packets no entry matches would vanish"));
        }
        if (function.hasQueuePort() && ports.contains("queues")) {
            checkQueueTargets(graph, node, function, issues);
        }
    }

    private static void checkQueueTargets(DataflowGraph graph, Node node, ConfigFunctionRule function, List<ValidationIssue> issues) {
        Optional<Long> count = graph.resource(function.queuePortResource()).map(r -> r.capacity());
        if (count.isEmpty()) {
            return;
        }
        List<String> expected = new ArrayList<>();
        for (long q = 0; q < count.get(); q++) {
            expected.add(validId(q));
        }
        List<String> actual = graph.targets(node.id(), "queues");
        if (!actual.equals(expected)) {
            issues.add(ValidationIssue.error("convention-queue-targets", node.id(), "config node '" + node.id()
                    + "' port 'queues' must lead to " + describe(expected) + " in order (its i-th target is queue i), but leads to "
                    + describe(actual)));
        }
    }

    private static String describe(List<String> ids) {
        if (ids.isEmpty()) {
            return "nothing";
        }
        if (ids.size() <= 4) {
            return String.join(", ", ids);
        }
        return ids.get(0) + ", " + ids.get(1) + ", ..., " + ids.get(ids.size() - 1) + " (" + ids.size() + " targets)";
    }
}
