package io.nicplan.graph.io;

import io.nicplan.graph.Attributes;
import io.nicplan.graph.ConfigSpec;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Programmatic graphs that use every node kind, predicate form, config type and edge kind. */
final class SampleGraphs {
    static final String ODD_ID = "Odd\"id\\with/slash é";

    private SampleGraphs() {
    }

    static Port port(String name, Predicate p) {
        return new Port(name, p);
    }

    static Node node(String id, NodeKind kind, List<Port> ports, Attributes attrs, String impl, Long cycles) {
        return new Node(id, kind, ports, attrs, Optional.ofNullable(impl), cycles == null ? OptionalLong.empty() : OptionalLong.of(cycles),
                Optional.empty());
    }

    /** A small NIC receive path with a software protocol classifier behind it. */
    static DataflowGraph everyConstruct() {
        ConfigType filter = new ConfigType.TupleType(List.of(
                new ConfigType.Field("proto", new ConfigType.OptionalType(new ConfigType.EnumType(List.of("tcp", "udp", "sctp", "other")))),
                new ConfigType.Field("src_ip", new ConfigType.OptionalType(new ConfigType.UIntType(32))),
                new ConfigType.Field("dst_port", new ConfigType.OptionalType(new ConfigType.UIntType(16))),
                new ConfigType.Field("priority", new ConfigType.IntType(1, 7)),
                new ConfigType.Field("enabled", ConfigType.BOOL),
                new ConfigType.Field("queue", new ConfigType.IntType(0, 1))));
        ConfigSpec fiveTuple = new ConfigSpec(new ConfigType.ListType(filter, 0, 128), "fivetuple", List.of(Resource.FIVETUPLE_FILTERS));
        ConfigSpec offload = new ConfigSpec(ConfigType.BOOL, "csum_offload", List.of());

        Predicate udp = Predicate.eq(HeaderField.IP_PROTO, 17);
        Predicate tcp = Predicate.eq(HeaderField.IP_PROTO, 6);
        Predicate local = Predicate.masked(HeaderField.IP_DST, 0x0a000000L, 0xff000000L);
        Predicate high = Predicate.range(HeaderField.L4_DPORT, 1024, 65535);
        Predicate dnsOrNtp = Predicate.in(HeaderField.L4_DPORT, List.of(53L, 123L));

        return DataflowGraph.builder("Sample")
                .addResource(new Resource(Resource.RX_QUEUES, 2))
                .addResource(new Resource(Resource.FIVETUPLE_FILTERS, 128))
                .addNode(node("Wire", NodeKind.NODE, List.of(Port.of("out")), new Attributes(Set.of("source"), Map.of()), null, null))
                .addNode(node("Rx.CRC", NodeKind.BOOLEAN, List.of(port("true", Predicate.eq(HeaderField.ETH_FCS_OK, 1)),
                        port("false", new Predicate.Not(Predicate.eq(HeaderField.ETH_FCS_OK, 1)))), Attributes.NONE, "crc", null))
                .addNode(new Node("Rx.FiveTuple", NodeKind.CONFIG, List.of(Port.of("queues"), Port.of("default")), Attributes.NONE,
                        Optional.empty(), OptionalLong.empty(), Optional.of(fiveTuple)))
                .addNode(new Node("Rx.Offload", NodeKind.CONFIG, List.of(Port.of("out")), Attributes.NONE,
                        Optional.empty(), OptionalLong.empty(), Optional.of(offload)))
                .addNode(node("Q0.Valid", NodeKind.OR, List.of(Port.of("true"), Port.of("false")), Attributes.NONE, null, null))
                .addNode(node("Q1.Valid", NodeKind.AND, List.of(Port.of("true"), Port.of("false")), Attributes.NONE, null, null))
                .addNode(node("Q1.Check", NodeKind.NAND, List.of(Port.of("true"), Port.of("false")), Attributes.NONE, null, null))
                .addNode(node("Q1.Other", NodeKind.NOR, List.of(Port.of("true"), Port.of("false")), Attributes.NONE, null, null))
                .addNode(node("Q0.Rx", NodeKind.NODE, List.of(Port.of("out")),
                        new Attributes(Set.of("sink"), Map.of("rxqueue", "0")), null, null))
                .addNode(node("L4.Classify", NodeKind.NODE, List.of(
                                port("tcp", Predicate.and(tcp, local)),
                                port("udp", new Predicate.And(List.of(udp, new Predicate.Or(List.of(high, dnsOrNtp))))),
                                port("icmp", Predicate.in(HeaderField.IP_PROTO, List.of(1L))),
                                port("weird", new Predicate.Or(List.of(new Predicate.And(List.of()), Predicate.FALSE))),
                                port("other", new Predicate.Not(Predicate.in(HeaderField.IP_PROTO, List.of(6L, 17L, 1L))))),
                        new Attributes(Set.of("software"), Map.of("layer", "4", "note", "a=b \"quoted\"")), "l4_classify", 40L))
                .addNode(node(ODD_ID, NodeKind.NODE, List.of(), new Attributes(Set.of("software", "sink"), Map.of()), null, 5_000_000_000L))
                .addNode(node("Drop", NodeKind.NODE, List.of(), new Attributes(Set.of("sink", "drop"), Map.of()), null, null))
                .connect("Wire", "out", "Rx.CRC")
                .connect("Rx.CRC", "true", "Rx.Offload")
                .connect("Rx.CRC", "false", "Drop")
                .connect("Rx.Offload", "out", "Rx.FiveTuple")
                .connect("Rx.FiveTuple", "queues", "Q0.Valid")
                .connect("Rx.FiveTuple", "queues", "Q1.Valid")
                .connect("Rx.FiveTuple", "default", "Q0.Valid")
                .connect("Q0.Valid", "true", "Q0.Rx")
                .connect("Q1.Valid", "true", "Q1.Check")
                .connect("Q1.Check", "false", "Q1.Other")
                .connect("Q1.Other", "true", "L4.Classify")
                .connect("Q0.Rx", "out", "L4.Classify")
                .connect("L4.Classify", "tcp", ODD_ID)
                .connect("L4.Classify", "udp", ODD_ID)
                .connect("L4.Classify", "other", "Drop")
                .connect("L4.Classify", "icmp", "Drop")
                .connect("L4.Classify", "icmp", "L4.Classify")
                .addEdge(Edge.spawn("L4.Classify", "reply", "Wire"))
                .build();
    }
}
