package io.nicplan.service.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.nicplan.embed.rss.Toeplitz;
import io.nicplan.flexnic.program.Action;
import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.FieldMatch;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.program.KeyField;
import io.nicplan.flexnic.program.RssContextSpec;
import io.nicplan.flexnic.program.RssHashType;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.predicate.HeaderField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a FlexNIC description and a plan's configuration of it become an emulator program and its
 * table contents, following the FlexNIC description's conventions (docs/nic-descriptions.md):
 * each {@code ma_table} C-node ({@code Stage0}, {@code Stage1}, ...) is a ternary table of the
 * pipeline, keyed on protocol, addresses (prefixes as masks) and ports; packets no stage claims
 * are hash-steered ({@code Stage{n}} leads to {@code Rss}), which every stage's default action
 * says (RSS is the weakest fate, so any entry overrides it); the {@code rss} C-node is the RSS
 * context {@code rss}; the {@code flextcp} C-node fills the fast path's flow-state slots.
 *
 * <p>This is the service's translation for emulator instances; configuration nodes other than
 * these (checksum offload) have no emulator state and are reported as not applicable.
 */
final class FlexNicTarget {
    static final String RSS_CONTEXT = "rss";
    private static final KeyField[] KEY = {
            KeyField.ternary(HeaderField.IP_PROTO), KeyField.ternary(HeaderField.IP_SRC),
            KeyField.ternary(HeaderField.IP_DST), KeyField.ternary(HeaderField.L4_SPORT),
            KeyField.ternary(HeaderField.L4_DPORT)};
    private static final Map<String, Long> PROTOCOLS = Map.of("tcp", 6L, "udp", 17L, "sctp", 132L);

    /** The C-nodes of a FlexNIC description by their role. */
    record Layout(List<Node> stages, Node rss, Optional<Node> fastPath, int rxQueues, int rssEntries, int flowSlots) {
    }

    private FlexNicTarget() {
    }

    /** The roles of a description's C-nodes; empty with the reason when it is not a FlexNIC description. */
    static Layout layout(DataflowGraph prg) {
        List<Node> stages = new ArrayList<>();
        Node rss = null;
        Node fast = null;
        for (Node n : prg.nodes()) {
            String fn = n.config().map(c -> c.function()).orElse("");
            switch (fn) {
                case "ma_table":
                    stages.add(n);
                    break;
                case "rss":
                    rss = n;
                    break;
                case "flextcp":
                    fast = n;
                    break;
                default:
                    break;
            }
        }
        if (stages.isEmpty() || rss == null) {
            throw new NotFlexNicException(prg.name() + " is not a FlexNIC description: the emulator needs match-action "
                    + "stages (C-nodes with function ma_table) and an RSS C-node (function rss)");
        }
        stages.sort(Comparator.comparing(Node::id, FlexNicTarget::naturalOrder));
        int rxQueues = (int) capacity(prg, Resource.RX_QUEUES, 1);
        int rssEntries = (int) capacity(prg, Resource.RSS_TABLE_ENTRIES, 128);
        int slots = (int) capacity(prg, Resource.FLOWSTATE_SLOTS, 0);
        return new Layout(List.copyOf(stages), rss, Optional.ofNullable(fast), rxQueues, rssEntries, slots);
    }

    /** The emulator program of a FlexNIC description: its queues, stages (empty) and RSS context. */
    static FlexNicProgram program(Layout layout) {
        FlexNicProgram.Builder b = FlexNicProgram.builder().rxQueues(layout.rxQueues()).defaultQueue(0)
                .rss(new RssContextSpec(RSS_CONTEXT, RssHashType.IPV4_L4, Toeplitz.standardKey(),
                        roundRobin(layout.rssEntries(), layout.rxQueues())));
        for (int s = 0; s < layout.stages().size(); s++) {
            Node stage = layout.stages().get(s);
            b.table(stage.id(), s, capacity(stage), ActionSpec.rss(RSS_CONTEXT), KEY);
        }
        return b.build();
    }

    /** The entries a plan's configuration asks of each stage, highest priority first. */
    static Map<String, List<TableEntry>> entries(Layout layout, JsonNode configuration) {
        Map<String, List<TableEntry>> out = new LinkedHashMap<>();
        for (Node stage : layout.stages()) {
            List<TableEntry> entries = new ArrayList<>();
            for (JsonNode e : configuration.path(stage.id())) {
                entries.add(entry(stage.id(), e));
            }
            out.put(stage.id(), entries);
        }
        return out;
    }

    /** The RSS indirection table of a plan's configuration; empty when it leaves RSS as it is. */
    static Optional<List<Integer>> indirection(Layout layout, JsonNode configuration) {
        JsonNode rss = configuration.path(layout.rss().id());
        if (!rss.has("table")) {
            return Optional.empty();
        }
        String hash = rss.path("hash").asText("ipv4_l4");
        if (!hash.equals("ipv4_l4") || rss.has("key")) {
            throw new IllegalArgumentException(layout.rss().id() + ": the emulator's RSS context hashes ipv4_l4 with the "
                    + "standard key; this plan asks for hash " + hash + (rss.has("key") ? " with its own key" : ""));
        }
        List<Integer> table = new ArrayList<>();
        rss.get("table").forEach(q -> table.add(q.asInt()));
        return Optional.of(table);
    }

    /** The fast path's flow-state slots of a plan's configuration (4-tuple to queue). */
    static Map<FlowStateSlots.Key, Integer> flowSlots(Layout layout, JsonNode configuration) {
        Map<FlowStateSlots.Key, Integer> out = new LinkedHashMap<>();
        layout.fastPath().ifPresent(fp -> configuration.path(fp.id()).forEach(e -> out.put(
                new FlowStateSlots.Key(e.path("src_ip").asLong(), e.path("dst_ip").asLong(), e.path("src_port").asInt(),
                        e.path("dst_port").asInt()), e.path("queue").asInt())));
        return out;
    }

    /** Configuration nodes of the plan that have no emulator state. */
    static List<String> notApplicable(Layout layout, JsonNode configuration) {
        List<String> out = new ArrayList<>();
        configuration.fieldNames().forEachRemaining(id -> {
            boolean known = id.equals(layout.rss().id()) || layout.fastPath().map(n -> n.id().equals(id)).orElse(false)
                    || layout.stages().stream().anyMatch(s -> s.id().equals(id));
            if (!known) {
                out.add(id);
            }
        });
        return out;
    }

    private static TableEntry entry(String table, JsonNode e) {
        List<FieldMatch> matches = new ArrayList<>();
        if (e.has("proto")) {
            String proto = e.get("proto").asText();
            Long number = PROTOCOLS.get(proto);
            if (number == null) {
                throw new IllegalArgumentException(table + ": protocol '" + proto + "' is not one value the emulator's "
                        + "ternary ip.proto match can express");
            }
            matches.add(new FieldMatch.Ternary(HeaderField.IP_PROTO, number, 0xFF));
        }
        prefix(e, "src_ip", "src_prefix", HeaderField.IP_SRC).ifPresent(matches::add);
        prefix(e, "dst_ip", "dst_prefix", HeaderField.IP_DST).ifPresent(matches::add);
        if (e.has("src_port")) {
            matches.add(new FieldMatch.Ternary(HeaderField.L4_SPORT, e.get("src_port").asLong(), 0xFFFF));
        }
        if (e.has("dst_port")) {
            matches.add(new FieldMatch.Ternary(HeaderField.L4_DPORT, e.get("dst_port").asLong(), 0xFFFF));
        }
        // Unicorn's ma_table priority 0 is allowed; P4Runtime needs >= 1 on ternary tables, so shift by one.
        int priority = e.path("priority").asInt() + 1;
        return new TableEntry(table, matches, priority, action(table, e));
    }

    private static Optional<FieldMatch> prefix(JsonNode e, String field, String prefixField, HeaderField header) {
        if (!e.has(field)) {
            return Optional.empty();
        }
        int len = e.has(prefixField) ? e.get(prefixField).asInt() : 32;
        if (len == 0) {
            return Optional.empty();
        }
        long mask = (0xFFFF_FFFFL << (32 - len)) & 0xFFFF_FFFFL;
        return Optional.of(new FieldMatch.Ternary(header, e.get(field).asLong() & mask, mask));
    }

    private static ActionSpec action(String table, JsonNode e) {
        String action = e.path("action").asText();
        switch (action) {
            case "queue":
                return ActionSpec.queue(e.path("queue").asInt());
            case "rss":
                return ActionSpec.rss(RSS_CONTEXT);
            case "drop":
                return ActionSpec.drop();
            case "fastpath":
                return ActionSpec.fastPath();
            case "mark":
                return ActionSpec.of(new Action.SetMark(e.path("mark").asLong(), 0xFFFF_FFFFL));
            default:
                throw new IllegalArgumentException(table + ": unknown action '" + action + "'");
        }
    }

    private static long capacity(DataflowGraph prg, String resource, long otherwise) {
        return prg.resource(resource).map(Resource::capacity).orElse(otherwise);
    }

    private static int capacity(Node stage) {
        ConfigType t = stage.config().orElseThrow().type();
        return t instanceof ConfigType.ListType list ? list.max() : FlexNicProgram.MAX_TABLE_CAPACITY;
    }

    private static List<Integer> roundRobin(int entries, int queues) {
        List<Integer> out = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            out.add(i % queues);
        }
        return out;
    }

    /** Ids such as Stage2 and Stage10 in numeric order. */
    private static int naturalOrder(String a, String b) {
        String da = a.replaceAll("\\D", "");
        String db = b.replaceAll("\\D", "");
        if (!da.isEmpty() && !db.isEmpty() && da.length() != db.length()) {
            return Integer.compare(da.length(), db.length());
        }
        return a.compareTo(b);
    }

    /** A description the emulator cannot run. */
    static final class NotFlexNicException extends IllegalArgumentException {
        NotFlexNicException(String message) {
            super(message);
        }
    }
}
