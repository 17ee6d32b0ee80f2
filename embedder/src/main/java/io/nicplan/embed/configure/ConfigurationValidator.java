package io.nicplan.embed.configure;

import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.expand.ConfigFunction;
import io.nicplan.embed.expand.ConfigFunctions;
import io.nicplan.embed.expand.ConfigSite;
import io.nicplan.embed.expand.QueueLayout;
import io.nicplan.embed.json.JsonPointer;
import io.nicplan.embed.json.Problems;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.config.ConfigTypeChecker;
import io.nicplan.graph.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checks a configuration against a PRG: every key names a C-node whose function nicplan knows,
 * every value fits the C-node's type ({@link ConfigTypeChecker}), passes its function's own
 * checks, and takes no more of any resource than the description declares. Problems carry the
 * JSON pointer of the offending value ({@code /FiveTuple/3/queue}).
 */
final class ConfigurationValidator {
    private ConfigurationValidator() {
    }

    /** Adds every problem of {@code configuration} to {@code problems}. */
    public static void validate(DataflowGraph prg, Configuration configuration, ConfigFunctions functions, Problems problems) {
        QueueLayout layout = prg.derived(QueueLayout.class, QueueLayout::of);
        configuration.values().forEach((id, value) -> {
            String pointer = JsonPointer.child("", id);
            Optional<Node> node = prg.node(id);
            if (node.isEmpty() || node.get().config().isEmpty()) {
                problems.add(pointer, "no C-node '" + id + "' in " + prg.name());
                return;
            }
            ConfigSite site = new ConfigSite(prg, node.get(), layout);
            Optional<ConfigFunction> function = functions.get(site.function());
            if (function.isEmpty()) {
                problems.add(pointer, "C-node " + id + " uses configuration function '" + site.function()
                        + "', which is not one nicplan implements " + functions.names());
                return;
            }
            validateValue(site, function.get(), node.get().config().get().type(), value, pointer, problems);
            checkExclusive(prg, node.get(), configuration, pointer, problems);
        });
    }

    /** The attribute by which a C-node names another that one hardware register also implements (the 82599's two SYN places). */
    static final String EXCLUSIVE_WITH = "exclusive_with";

    /** A C-node whose {@value #EXCLUSIVE_WITH} partner is configured too: one register cannot be both. */
    private static void checkExclusive(DataflowGraph prg, Node node, Configuration configuration, String pointer, Problems problems) {
        node.attributes().value(EXCLUSIVE_WITH).ifPresent(other -> {
            if (configuration.values().containsKey(other) && node.id().compareTo(other) > 0) {
                problems.add(pointer, "C-node " + node.id() + " and C-node " + other + " are one register of " + prg.name()
                        + "; configure one of them");
            }
        });
    }

    /** Checks one C-node's value: type, then capacities, then the function's own rules. */
    static void validateValue(ConfigSite site, ConfigFunction function, ConfigType type, ConfigValue value, String pointer,
                              Problems problems) {
        List<ConfigTypeChecker.TypeError> errors = ConfigTypeChecker.check(type, value);
        List<ConfigTypeChecker.TypeError> rootLength = new ArrayList<>();
        List<ConfigTypeChecker.TypeError> others = new ArrayList<>();
        for (ConfigTypeChecker.TypeError e : errors) {
            (e.path().isEmpty() && e.message().startsWith("list has") ? rootLength : others).add(e);
        }
        if (!others.isEmpty()) {
            errors.forEach(e -> problems.add(pointer(pointer, e.path()), e.message()));
            return;
        }
        boolean overCapacity = checkCapacity(site, function.consumption(site, value), pointer, problems);
        if (!overCapacity) {
            rootLength.forEach(e -> problems.add(pointer(pointer, e.path()), e.message()));
        }
        if (rootLength.isEmpty() && !overCapacity) {
            function.check(site, value, pointer, problems);
        }
    }

    /** Reports each resource the value takes more of than the description has; true if any. */
    static boolean checkCapacity(ConfigSite site, Map<String, Long> consumption, String pointer, Problems problems) {
        boolean over = false;
        for (Map.Entry<String, Long> use : consumption.entrySet()) {
            OptionalLong capacity = site.capacity(use.getKey());
            if (capacity.isPresent() && use.getValue() > capacity.getAsLong()) {
                problems.add(pointer, "C-node " + site.id() + " needs " + use.getValue() + " of resource " + use.getKey()
                        + ", but " + site.prg().name() + " has " + capacity.getAsLong());
                over = true;
            }
        }
        return over;
    }

    /** The JSON pointer of a type checker path ({@code [3].dst_port} under {@code /FiveTuple}). */
    static String pointer(String base, String path) {
        StringBuilder out = new StringBuilder(base);
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '[') {
                int close = path.indexOf(']', i);
                out.append('/').append(path, i + 1, close);
                i = close + 1;
            } else {
                int start = c == '.' ? i + 1 : i;
                int end = start;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                out.append('/').append(path.substring(start, end).replace("~", "~0").replace("/", "~1"));
                i = end;
            }
        }
        return out.toString();
    }
}
