package io.nicplan.optimizer.plan;

import io.nicplan.graph.config.ConfigValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The table writes that turn one plan's configuration into another's, per C-node: entries to add,
 * entries to remove, and entries whose match stays but whose target (queue, action, priority)
 * changes. Unchanged entries are not mentioned. For tuple-valued C-nodes (RSS) the changed
 * indirection-table slots are listed as moves.
 */
public record PlanDiff(Map<String, NodeDiff> nodes) {
    /** Fields of an entry that say where it sends packets rather than what it matches. */
    private static final Set<String> TARGET_FIELDS = Set.of("queue", "action", "priority", "mark");

    public PlanDiff {
        nodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }

    /** The changes to one C-node. */
    public record NodeDiff(List<ConfigValue> add, List<ConfigValue> remove, List<Move> move) {
        public NodeDiff {
            add = List.copyOf(add);
            remove = List.copyOf(remove);
            move = List.copyOf(move);
        }

        public int size() {
            return add.size() + remove.size() + move.size();
        }
    }

    /** An entry (or table slot) that stays but changes target. */
    public record Move(ConfigValue from, ConfigValue to) {
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /** Table writes in all. */
    public int size() {
        return nodes.values().stream().mapToInt(NodeDiff::size).sum();
    }

    public static PlanDiff between(Map<String, ConfigValue> before, Map<String, ConfigValue> after) {
        Map<String, NodeDiff> out = new LinkedHashMap<>();
        Set<String> ids = new java.util.LinkedHashSet<>(before.keySet());
        ids.addAll(after.keySet());
        for (String id : ids) {
            ConfigValue a = before.get(id);
            ConfigValue b = after.get(id);
            if (Objects.equals(a, b)) {
                continue;
            }
            NodeDiff d = diff(a, b);
            if (d.size() > 0) {
                out.put(id, d);
            }
        }
        return new PlanDiff(out);
    }

    private static NodeDiff diff(ConfigValue a, ConfigValue b) {
        if (a instanceof ConfigValue.ListValue la && b instanceof ConfigValue.ListValue lb && isEntryList(la) && isEntryList(lb)) {
            Map<Map<String, ConfigValue>, ConfigValue> before = byMatch(la);
            Map<Map<String, ConfigValue>, ConfigValue> after = byMatch(lb);
            List<ConfigValue> add = new ArrayList<>();
            List<ConfigValue> remove = new ArrayList<>();
            List<Move> move = new ArrayList<>();
            after.forEach((k, v) -> {
                ConfigValue old = before.get(k);
                if (old == null) {
                    add.add(v);
                } else if (!old.equals(v)) {
                    move.add(new Move(old, v));
                }
            });
            before.forEach((k, v) -> {
                if (!after.containsKey(k)) {
                    remove.add(v);
                }
            });
            return new NodeDiff(add, remove, move);
        }
        if (a instanceof ConfigValue.TupleValue ta && b instanceof ConfigValue.TupleValue tb) {
            List<Move> move = new ArrayList<>();
            for (String f : tb.fields().keySet()) {
                ConfigValue fa = ta.fields().get(f);
                ConfigValue fb = tb.fields().get(f);
                if (fa instanceof ConfigValue.ListValue xa && fb instanceof ConfigValue.ListValue xb && xa.elements().size() == xb.elements().size()) {
                    for (int i = 0; i < xa.elements().size(); i++) {
                        if (!xa.elements().get(i).equals(xb.elements().get(i))) {
                            move.add(new Move(slot(f, i, xa.elements().get(i)), slot(f, i, xb.elements().get(i))));
                        }
                    }
                } else if (!Objects.equals(fa, fb)) {
                    move.add(new Move(fa == null ? ConfigValue.NONE : fa, fb));
                }
            }
            return new NodeDiff(List.of(), List.of(), move);
        }
        return new NodeDiff(b == null ? List.of() : List.of(b), a == null ? List.of() : List.of(a), List.of());
    }

    private static ConfigValue slot(String field, int index, ConfigValue v) {
        Map<String, ConfigValue> t = new LinkedHashMap<>();
        t.put("field", new ConfigValue.SymbolValue(field));
        t.put("index", ConfigValue.of(index));
        t.put("value", v);
        return new ConfigValue.TupleValue(t);
    }

    private static boolean isEntryList(ConfigValue.ListValue l) {
        return l.elements().stream().allMatch(e -> e instanceof ConfigValue.TupleValue);
    }

    private static Map<Map<String, ConfigValue>, ConfigValue> byMatch(ConfigValue.ListValue l) {
        Map<Map<String, ConfigValue>, ConfigValue> out = new LinkedHashMap<>();
        for (ConfigValue e : l.elements()) {
            Map<String, ConfigValue> key = new LinkedHashMap<>(((ConfigValue.TupleValue) e).fields());
            key.keySet().removeAll(TARGET_FIELDS);
            out.put(key, e);
        }
        return out;
    }
}
