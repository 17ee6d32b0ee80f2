package io.nicplan.unicorn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.graph.Attributes;
import io.nicplan.graph.ConfigSpec;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.GraphBuilder;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import io.nicplan.unicorn.format.UnicornFormatter;
import io.nicplan.unicorn.parse.ParseLimits;
import io.nicplan.unicorn.parse.ParseOptions;
import io.nicplan.unicorn.parse.ParseResult;
import io.nicplan.unicorn.source.SourceResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** parse(format(g)) equals g, for graphs built in code that use every construct. */
class FormatterRoundTripTest {

    private static final ParseOptions OPTIONS = ParseOptions.defaults()
            .withResolver(SourceResolver.none())
            .withLimits(ParseLimits.DEFAULTS.withMaxBytes(64L << 20));

    private static DataflowGraph roundTrip(DataflowGraph g) {
        String text = UnicornFormatter.format(g);
        ParseResult r = Unicorn.parse("formatted.unicorn", text, OPTIONS);
        assertThat(r.errors()).as("%s%n%s", r.render(), text).isEmpty();
        return r.graph().orElseThrow();
    }

    private static Node node(String id, NodeKind kind, Port... ports) {
        return Node.of(id, kind, List.of(ports));
    }

    private static Port port(String name, Predicate p) {
        return new Port(name, p);
    }

    @Test
    void graphUsingEveryConstructSurvivesARoundTrip() {
        HeaderField proto = HeaderField.IP_PROTO;
        Predicate tcp = Predicate.eq(proto, 6);
        Predicate udp = Predicate.eq(proto, 17);
        ConfigType filter = new ConfigType.TupleType(List.of(
                new ConfigType.Field("src_ip", new ConfigType.OptionalType(new ConfigType.UIntType(32))),
                new ConfigType.Field("proto", new ConfigType.EnumType(List.of("tcp", "udp", "other"))),
                new ConfigType.Field("key", new ConfigType.OptionalType(new ConfigType.ListType(new ConfigType.UIntType(8), 40, 40))),
                new ConfigType.Field("deep", new ConfigType.OptionalType(new ConfigType.OptionalType(ConfigType.BOOL))),
                new ConfigType.Field("offset", new ConfigType.IntType(-8, -1)),
                new ConfigType.Field("wide", new ConfigType.IntType(Long.MIN_VALUE, Long.MAX_VALUE)),
                new ConfigType.Field("port", new ConfigType.IntType(0, 127))));
        GraphBuilder b = DataflowGraph.builder("Everything")
                .addResource(new Resource("rx_queues", 2))
                .addResource(new Resource("fivetuple_filters", 128))
                .addNode(new Node("Wire", NodeKind.NODE, List.of(Port.of("out")),
                        new Attributes(Set.of("source"), Map.of("speed", "10G")), Optional.empty(), OptionalLong.empty(), Optional.empty()))
                .addNode(node("Rx.L2.Crc", NodeKind.BOOLEAN, port("true", Predicate.eq(HeaderField.ETH_FCS_OK, 1)),
                        port("false", Predicate.eq(HeaderField.ETH_FCS_OK, 0))))
                .addNode(new Node("Rx.Classify", NodeKind.NODE, List.of(
                        port("tcp", tcp),
                        port("udp", new Predicate.And(List.of(udp, Predicate.range(HeaderField.L4_DPORT, 1, 1023),
                                Predicate.in(HeaderField.L4_SPORT, List.of(53L, 67L))))),
                        port("local", new Predicate.Or(List.of(Predicate.masked(HeaderField.IP_DST, 0x0A00_0000L, 0xFF00_0000L),
                                new Predicate.And(List.of(Predicate.masked(HeaderField.ETH_DST, 0x0100_0000_0000L, 0x0100_0000_0000L),
                                        new Predicate.Not(Predicate.range(HeaderField.IP_TTL, 0, 1))))))),
                        port("syn", Predicate.masked(HeaderField.TCP_FLAGS, 0x02, 0x12)),
                        port("nested", new Predicate.And(List.of(new Predicate.And(List.of(tcp, udp)),
                                new Predicate.Or(List.of(new Predicate.Or(List.of(tcp, udp)), Predicate.FALSE))))),
                        port("never", Predicate.FALSE),
                        port("other", new Predicate.And(List.of(Predicate.not(tcp), Predicate.not(udp)))),
                        port("type", Predicate.eq(HeaderField.META_MARK, 0xDEAD_BEEFL))),
                        new Attributes(Set.of("software"), Map.of("queue", "3", "note", "say \"hi\" {not interpolated} \\ \t\n end")),
                        Optional.of("l4_classify"), OptionalLong.of(40), Optional.empty()))
                .addNode(node("Rx.Valid", NodeKind.AND, Port.of("true"), Port.of("false")))
                .addNode(node("Rx.Any", NodeKind.OR, Port.of("true"), Port.of("false")))
                .addNode(node("Rx.NotBoth", NodeKind.NAND, Port.of("true"), Port.of("false")))
                .addNode(node("Rx.None", NodeKind.NOR, Port.of("true"), Port.of("false")))
                .addNode(new Node("Steer.FiveTuple", NodeKind.CONFIG, List.of(Port.of("queues"), Port.of("default")), Attributes.NONE,
                        Optional.empty(), OptionalLong.empty(),
                        Optional.of(new ConfigSpec(new ConfigType.ListType(filter, 0, 128), "fivetuple", List.of("fivetuple_filters")))))
                .addNode(new Node("Steer.Queues", NodeKind.CONFIG, List.of(), Attributes.NONE, Optional.empty(), OptionalLong.empty(),
                        Optional.of(new ConfigSpec(ConfigType.BOOL, "queues", List.of()))))
                .addNode(node("Q0.Rx", NodeKind.NODE))
                .addNode(node("Q1.Rx", NodeKind.NODE))
                .addNode(node("in", NodeKind.NODE, Port.of("for")))
                .addNode(node("Drop", NodeKind.NODE));
        b.connect("Wire", "out", "Rx.L2.Crc")
                .connect("Rx.L2.Crc", "true", "Rx.Classify").connect("Rx.L2.Crc", "false", "Drop")
                .connect("Rx.Classify", "tcp", "Rx.Valid").connect("Rx.Classify", "tcp", "Rx.Any")
                .connect("Rx.Classify", "udp", "Rx.NotBoth").connect("Rx.Classify", "local", "Rx.None")
                .connect("Rx.Classify", "other", "Drop").connect("Rx.Classify", "syn", "Steer.FiveTuple")
                .connect("Rx.Classify", "type", "in")
                .connect("Rx.Valid", "true", "Steer.FiveTuple").connect("Rx.Any", "false", "Drop")
                .connect("Steer.FiveTuple", "queues", "Q0.Rx").connect("Steer.FiveTuple", "queues", "Q1.Rx")
                .connect("Steer.FiveTuple", "default", "Steer.Queues")
                .connect("in", "for", "Drop")
                .addEdge(Edge.spawn("Rx.Classify", "reply", "Wire")).addEdge(Edge.spawn("Rx.Classify", "reply", "Q1.Rx"))
                .addEdge(Edge.spawn("Q0.Rx", "log", "Rx.Classify"));
        DataflowGraph g = b.build();

        assertThat(roundTrip(g)).isEqualTo(g);
    }

    @Test
    void formattedTextIsCanonical() {
        DataflowGraph g = DataflowGraph.builder("Small")
                .addResource(new Resource("rx_queues", 1))
                .addNode(new Node("Wire", NodeKind.NODE, List.of(Port.of("out")), new Attributes(Set.of("source"), Map.of()),
                        Optional.empty(), OptionalLong.empty(), Optional.empty()))
                .addNode(node("Rx.Check", NodeKind.BOOLEAN, port("true", Predicate.eq(HeaderField.IP_PROTO, 17)), Port.of("false")))
                .addNode(node("Rx.Q0.Valid", NodeKind.OR, Port.of("true")))
                .addNode(node("Drop", NodeKind.NODE))
                .connect("Wire", "out", "Rx.Check").connect("Rx.Check", "true", "Rx.Q0.Valid").connect("Rx.Check", "false", "Drop")
                .connect("Rx.Q0.Valid", "true", "Drop")
                .build();

        assertThat(UnicornFormatter.format(g)).isEqualTo("""
                graph Small {
                    resource rx_queues = 1
                    node Wire {
                        attr "source"
                        port out[Rx.Check]
                    }
                    cluster Rx {
                        boolean Check {
                            port true[Q0.Valid] when ip.proto == udp
                            port false[.Drop]
                        }
                        cluster Q0 {
                            or Valid {
                                port true[..Drop]
                            }
                        }
                    }
                    node Drop {}
                }
                """);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void randomGraphsSurviveARoundTrip(long seed) {
        DataflowGraph g = RandomGraphs.generate(new Random(seed), 60);

        assertThat(roundTrip(g)).isEqualTo(g);
    }

    @Test
    void parsedDescriptionsSurviveFormatAndParse() {
        ParseResult first = Unicorn.parse("nic.unicorn", """
                graph Nic {
                    param pballoc = 1 in 1..3
                    resource rx_queues = 4
                    resource fdir_filters = (1024 << pballoc) - 2
                    node Wire { attr "source" port out[Rx.Crc] }
                    cluster Rx {
                        boolean Crc { port true[Fdir] port false[.Drop] predicate true eth.fcs_ok == 1 }
                        config Fdir {
                            type [(proto: Enum(tcp, udp), dst_port: UInt 16, queue: Int 0 (rx_queues - 1))]<0, fdir_filters>
                            function fdir
                            uses fdir_filters
                            port queues[.Q{0..rx_queues - 1}.Valid]
                            port default[.Q0.Valid]
                        }
                    }
                    for q in 0..rx_queues - 1 {
                        cluster Q{q} { or Valid { port true[Rx] port false[] } node Rx { attr "sink" attr "rxqueue={q}" } }
                    }
                    node Drop { attr "sink" }
                }
                """, OPTIONS);

        DataflowGraph g = first.orElseThrow();
        assertThat(roundTrip(g)).isEqualTo(g);
    }

    @Test
    void largeGraphsRoundTrip() {
        DataflowGraph g = RandomGraphs.generate(new Random(42), 20_000);

        assertThat(roundTrip(g)).isEqualTo(g);
    }

    @Test
    void valuesWithoutUnicornTextAreRefused() {
        assertThatThrownBy(() -> UnicornFormatter.format(DataflowGraph.builder("G")
                .addNode(node("A", NodeKind.NODE, port("p", new Predicate.And(List.of(Predicate.eq(HeaderField.IP_TTL, 1))))))
                .build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no Unicorn text");
        assertThatThrownBy(() -> UnicornFormatter.format(DataflowGraph.builder("G")
                .addNode(node("A", NodeKind.NODE, port("p", new Predicate.Not(Predicate.TRUE))))
                .build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port 'p' of 'A'");
        assertThatThrownBy(() -> UnicornFormatter.format(DataflowGraph.builder("G").addNode(node("A-B", NodeKind.NODE)).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'A-B' is not an identifier");
        assertThatThrownBy(() -> UnicornFormatter.format(DataflowGraph.builder("G").addResource(new Resource("port", 1)).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resource name 'port'");
        assertThatThrownBy(() -> UnicornFormatter.format(DataflowGraph.builder("G")
                .addNode(new Node("A", NodeKind.NODE, List.of(), new Attributes(Set.of(" padded"), Map.of()), Optional.empty(),
                        OptionalLong.empty(), Optional.empty())).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("would not parse back");
    }

    /** Seeded random graphs: nested clusters, every node kind, predicates of every form, acyclic packet edges. */
    static final class RandomGraphs {
        private static final NodeKind[] KINDS = NodeKind.values();
        private static final String[] CLUSTERS = {"Rx", "Tx", "L2", "L3", "Q", "in", "Steer"};

        static DataflowGraph generate(Random random, int nodes) {
            GraphBuilder b = DataflowGraph.builder("Random" + nodes);
            b.addResource(new Resource("rx_queues", random.nextInt(256)));
            List<Node> all = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                Node n = node(random, i);
                all.add(n);
                b.addNode(n);
            }
            // Edges only go to later nodes, so packet paths never loop.
            for (int i = 0; i < all.size(); i++) {
                Node n = all.get(i);
                for (Port p : n.ports()) {
                    int targets = random.nextInt(3);
                    for (int t = 0; t < targets && i + 1 < all.size(); t++) {
                        b.connect(n.id(), p.name(), all.get(i + 1 + random.nextInt(Math.min(20, all.size() - i - 1))).id());
                    }
                }
                if (random.nextInt(10) == 0) {
                    b.addEdge(Edge.spawn(n.id(), "spawn" + random.nextInt(2), all.get(random.nextInt(all.size())).id()));
                }
            }
            return b.build();
        }

        private static Node node(Random random, int index) {
            StringBuilder id = new StringBuilder();
            int depth = random.nextInt(4);
            for (int d = 0; d < depth; d++) {
                id.append(CLUSTERS[random.nextInt(CLUSTERS.length)]).append(random.nextInt(3)).append('.');
            }
            id.append("N").append(index);
            NodeKind kind = KINDS[random.nextInt(KINDS.length)];
            List<Port> ports = new ArrayList<>();
            if (kind.hasBooleanPorts()) {
                ports.add(new Port("true", kind.isOperator() ? Predicate.TRUE : predicate(random, 2)));
                ports.add(Port.of("false"));
            } else {
                int count = random.nextInt(4);
                for (int p = 0; p < count; p++) {
                    ports.add(new Port("p" + p, random.nextBoolean() ? Predicate.TRUE : predicate(random, 2)));
                }
            }
            Set<String> flags = random.nextBoolean() ? Set.of("software") : Set.of();
            Map<String, String> values = random.nextBoolean() ? Map.of("queue", Integer.toString(random.nextInt(128))) : Map.of();
            Optional<ConfigSpec> config = kind == NodeKind.CONFIG
                    ? Optional.of(new ConfigSpec(type(random, 2), "f" + random.nextInt(3), random.nextBoolean() ? List.of("rx_queues") : List.of()))
                    : Optional.empty();
            return new Node(id.toString(), kind, ports, new Attributes(flags, values),
                    random.nextBoolean() ? Optional.of("impl_" + random.nextInt(5)) : Optional.empty(),
                    random.nextBoolean() ? OptionalLong.of(random.nextInt(500)) : OptionalLong.empty(), config);
        }

        private static Predicate predicate(Random random, int depth) {
            HeaderField[] fields = HeaderField.values();
            HeaderField f = fields[random.nextInt(fields.length)];
            int choice = depth == 0 ? random.nextInt(5) : random.nextInt(8);
            long v = random.nextLong() & f.maxValue();
            switch (choice) {
                case 0:
                    return Predicate.eq(f, v);
                case 1: {
                    long mask = random.nextLong() & f.maxValue();
                    return Predicate.masked(f, v & mask, mask);
                }
                case 2: {
                    long other = random.nextLong() & f.maxValue();
                    return Predicate.range(f, Math.min(v, other), Math.max(v, other));
                }
                case 3:
                    return Predicate.in(f, List.of(v, random.nextLong() & f.maxValue()));
                case 4:
                    return Predicate.not(Predicate.eq(f, v));
                case 5:
                    return new Predicate.And(List.of(predicate(random, depth - 1), predicate(random, depth - 1)));
                case 6:
                    return new Predicate.Or(List.of(predicate(random, depth - 1), predicate(random, depth - 1),
                            predicate(random, depth - 1)));
                default:
                    return new Predicate.Not(predicate(random, 0) instanceof Predicate.Not n ? n.term() : Predicate.range(f, 0, v));
            }
        }

        private static ConfigType type(Random random, int depth) {
            int choice = depth == 0 ? random.nextInt(4) : random.nextInt(7);
            switch (choice) {
                case 0:
                    return ConfigType.BOOL;
                case 1:
                    return new ConfigType.IntType(-random.nextInt(100), random.nextInt(100));
                case 2:
                    return new ConfigType.UIntType(1 + random.nextInt(63));
                case 3:
                    return new ConfigType.EnumType(List.of("a", "b" + random.nextInt(9)));
                case 4:
                    return new ConfigType.OptionalType(type(random, depth - 1));
                case 5:
                    return new ConfigType.ListType(type(random, depth - 1), random.nextInt(3), 3 + random.nextInt(300));
                default:
                    return new ConfigType.TupleType(List.of(new ConfigType.Field("x", type(random, depth - 1)),
                            new ConfigType.Field("y", type(random, depth - 1))));
            }
        }
    }
}
