package io.nicplan.embed.expand;

import io.nicplan.embed.json.JsonPointer;
import io.nicplan.embed.json.Problems;
import io.nicplan.embed.rss.RssSpec;
import io.nicplan.graph.Attributes;
import io.nicplan.graph.Edge;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.config.ConfigValue;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import io.nicplan.net.RssHashType;
import io.nicplan.net.Toeplitz;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code rss}: receive-side scaling. The expansion is one node that computes the Toeplitz hash of
 * the packet's fields ({@link RssSpec}), takes {@code bucket = hash & (entries - 1)}, and has one
 * port per queue the indirection table uses, whose predicate is {@code rss.bucket in {...}}.
 */
public final class RssFunction implements ConfigFunction {
    @Override
    public String name() {
        return "rss";
    }

    @Override
    public void check(ConfigSite site, ConfigValue value, String pointer, Problems problems) {
        ConfigValue.TupleValue t = (ConfigValue.TupleValue) value;
        List<ConfigValue> table = ((ConfigValue.ListValue) t.field("table").orElseThrow()).elements();
        if (Integer.bitCount(table.size()) != 1) {
            problems.add(JsonPointer.child(pointer, "table"), "the indirection table has " + table.size()
                    + " entries; RSS indexes it with the hash's low bits, so its size must be a power of two");
        }
        for (int i = 0; i < table.size(); i++) {
            int q = (int) ((ConfigValue.IntValue) table.get(i)).value();
            if (site.queueTarget(q).isEmpty()) {
                problems.add(JsonPointer.child(JsonPointer.child(pointer, "table"), i), "C-node " + site.id() + " reaches queues 0.."
                        + (site.queueTargetCount() - 1) + "; it cannot steer to queue " + q);
            }
        }
        Optional<ConfigValue> key = t.field("key");
        if (key.isPresent() && key.get() instanceof ConfigValue.ListValue k && k.elements().size() < Toeplitz.MIN_KEY_LENGTH) {
            problems.add(JsonPointer.child(pointer, "key"), "an RSS key needs at least " + Toeplitz.MIN_KEY_LENGTH + " bytes");
        }
    }

    @Override
    public Map<String, Long> consumption(ConfigSite site, ConfigValue value) {
        ConfigValue.TupleValue t = (ConfigValue.TupleValue) value;
        List<ConfigValue> table = ((ConfigValue.ListValue) t.field("table").orElseThrow()).elements();
        long highest = table.stream().mapToLong(v -> ((ConfigValue.IntValue) v).value()).max().orElse(-1);
        return Map.of(Resource.RSS_TABLE_ENTRIES, (long) table.size(), Resource.RSS_QUEUES, highest + 1);
    }

    @Override
    public Expansion expand(ConfigSite site, Optional<ConfigValue> value) {
        if (value.isEmpty()) {
            // A node, not a pass-through: an edge from a filter's false port must not reach the
            // queue's O-node as a false activation.
            Node off = new Node(site.id(), NodeKind.NODE, List.of(Port.of("q0")), Attributes.NONE.with("rss=off"),
                    Optional.empty(), OptionalLong.empty(), Optional.empty());
            List<Edge> toQueue0 = site.queueTarget(0).map(t -> List.of(Edge.port(site.id(), "q0", t))).orElse(List.of());
            return new Expansion.Fixed(site.id(), List.of(off), toQueue0, List.of(site.id()), List.of());
        }
        RssSpec spec = spec(site.cnode(), (ConfigValue.TupleValue) value.get());
        List<ConfigValue> table = ((ConfigValue.ListValue) ((ConfigValue.TupleValue) value.get()).field("table").orElseThrow()).elements();
        TreeMap<Integer, TreeSet<Long>> bucketsByQueue = new TreeMap<>();
        for (int b = 0; b < table.size(); b++) {
            int q = (int) ((ConfigValue.IntValue) table.get(b)).value();
            bucketsByQueue.computeIfAbsent(q, x -> new TreeSet<>()).add((long) b);
        }
        List<Port> ports = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        bucketsByQueue.forEach((q, buckets) -> {
            String port = "q" + q;
            ports.add(new Port(port, Predicate.in(HeaderField.RSS_BUCKET, buckets)));
            site.queueTarget(q).ifPresent(t -> edges.add(Edge.port(site.id(), port, t)));
        });
        Node node = new Node(site.id(), NodeKind.NODE, ports, spec.toAttributes(), Optional.of(RssSpec.IMPLEMENTATION),
                OptionalLong.empty(), Optional.empty());
        return new Expansion.Fixed(site.id(), List.of(node), edges, List.of(site.id()), List.of());
    }

    /**
     * The hash a checked value of {@code cnode} describes; an absent key is the standard key at the length the
     * C-node's type gives its key ({@link #keyLength}).
     */
    public static RssSpec spec(Node cnode, ConfigValue.TupleValue t) {
        RssHashType type = RssHashType.bySymbol(((ConfigValue.SymbolValue) t.field("hash").orElseThrow()).symbol()).orElseThrow();
        int keyLength = keyLength(cnode);
        Toeplitz toeplitz = keyLength == Toeplitz.standardKey().length ? Toeplitz.standard()
                : Toeplitz.withKey(Toeplitz.standardKey(keyLength));
        Optional<ConfigValue> key = t.field("key");
        if (key.isPresent() && key.get() instanceof ConfigValue.ListValue k) {
            byte[] bytes = new byte[k.elements().size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) ((ConfigValue.IntValue) k.elements().get(i)).value();
            }
            toeplitz = Toeplitz.withKey(bytes);
        }
        int entries = ((ConfigValue.ListValue) t.field("table").orElseThrow()).elements().size();
        return new RssSpec(type, toeplitz, entries);
    }

    /**
     * The hash types the NIC's RSS C-node declares ({@code hash: Enum(...)} of its type), in declaration order; every
     * type when the type names none (a description that leaves the hash open).
     */
    public static List<RssHashType> hashTypes(Node cnode) {
        if (cnode.config().isPresent() && cnode.config().get().type() instanceof ConfigType.TupleType tuple
                && tuple.field("hash").map(ConfigType.Field::type).orElse(null) instanceof ConfigType.EnumType declared) {
            return declared.symbols().stream().flatMap(s -> RssHashType.bySymbol(s).stream()).toList();
        }
        return List.of(RssHashType.values());
    }

    /**
     * The key length the NIC's key register has: the fixed length of the C-node's {@code key} field
     * ({@code key: <[UInt 8]<52, 52>>} on the Intel X710), else the standard 40 bytes.
     */
    public static int keyLength(Node cnode) {
        int standard = Toeplitz.standardKey().length;
        if (cnode.config().isEmpty() || !(cnode.config().get().type() instanceof ConfigType.TupleType tuple)) {
            return standard;
        }
        ConfigType key = tuple.field("key").map(ConfigType.Field::type).orElse(null);
        if (key instanceof ConfigType.OptionalType o) {
            key = o.element();
        }
        return key instanceof ConfigType.ListType list && list.min() == list.max() && list.min() >= Toeplitz.MIN_KEY_LENGTH
                ? list.min() : standard;
    }

    @Override
    public String unconfigured() {
        return "RSS off: every packet goes to queue 0";
    }
}
