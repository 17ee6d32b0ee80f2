package io.nicplan.unicorn;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.nicplan.unicorn.parse.ParseOptions;
import io.nicplan.unicorn.parse.ParseResult;
import io.nicplan.unicorn.source.Diagnostic;
import io.nicplan.unicorn.source.SourceLocation;
import io.nicplan.unicorn.source.SourceResolver;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Well-formed descriptions, one construct at a time, and the graph each must produce. */
class ValidConstructsTest {

    private static DataflowGraph graph(String text) {
        return graph(text, ParseOptions.defaults().withResolver(SourceResolver.none()));
    }

    private static DataflowGraph graph(String text, ParseOptions options) {
        ParseResult r = Unicorn.parse("valid.unicorn", text, options);
        assertThat(r.errors()).as(r.render()).isEmpty();
        return r.graph().orElseThrow();
    }

    /** The predicate of port {@code port} of the only node {@code A} in {@code graph G { node A { port p[] when EXPR } }}. */
    private static Predicate predicate(String expression) {
        DataflowGraph g = graph("graph G { node A { attr \"source\" port p[] when " + expression + " } }");
        return g.require("A").port("p").orElseThrow().predicate();
    }

    @Test
    void everyNodeKindBecomesItsNodeKind() {
        DataflowGraph g = graph("""
                graph Kinds {
                    node F { attr "source" port a[B] port b[C] }
                    boolean B { port true[And] port false[Or] }
                    node C { port out[Nand Nor] }
                    and And { port true[K] port false[] }
                    or Or { port true[K] port false[] }
                    nand Nand { port true[K] port false[] }
                    nor Nor { port true[K] port false[] }
                    config K { type Bool function onoff port out[] }
                }
                """);

        assertThat(g.name()).isEqualTo("Kinds");
        assertThat(g.nodes()).extracting(Node::id, Node::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("F", NodeKind.NODE), org.assertj.core.groups.Tuple.tuple("B", NodeKind.BOOLEAN),
                org.assertj.core.groups.Tuple.tuple("C", NodeKind.NODE), org.assertj.core.groups.Tuple.tuple("And", NodeKind.AND),
                org.assertj.core.groups.Tuple.tuple("Or", NodeKind.OR), org.assertj.core.groups.Tuple.tuple("Nand", NodeKind.NAND),
                org.assertj.core.groups.Tuple.tuple("Nor", NodeKind.NOR), org.assertj.core.groups.Tuple.tuple("K", NodeKind.CONFIG));
        assertThat(g.targets("F", "a")).containsExactly("B");
        assertThat(g.targets("C", "out")).containsExactly("Nand", "Nor");
        assertThat(g.require("K").config()).contains(new ConfigSpec(ConfigType.BOOL, "onoff", List.of()));
    }

    @Test
    void clustersPrefixIdsAndReferencesClimbDescendAndPointForward() {
        DataflowGraph g = graph("""
                graph G {
                    node Wire { attr "source" port out[Rx.L2.Check] }
                    cluster Rx {
                        cluster L2 {
                            boolean Check {
                                port true[.Classify]      // one level up: Rx.Classify
                                port false[..Drop]        // two levels up: the top-level Drop
                            }
                        }
                        node Classify { port ip[L2.Check2] port other[.Drop] }
                        cluster L2 { node Check2 { port out[..Drop] } }
                    }
                    node Drop { attr "sink" }
                }
                """);

        assertThat(g.nodes()).extracting(Node::id)
                .containsExactly("Wire", "Rx.L2.Check", "Rx.Classify", "Rx.L2.Check2", "Drop");
        assertThat(g.edges()).containsExactlyInAnyOrder(
                Edge.port("Wire", "out", "Rx.L2.Check"),
                Edge.port("Rx.L2.Check", "true", "Rx.Classify"),
                Edge.port("Rx.L2.Check", "false", "Drop"),
                Edge.port("Rx.Classify", "ip", "Rx.L2.Check2"),
                Edge.port("Rx.Classify", "other", "Drop"),
                Edge.port("Rx.L2.Check2", "out", "Drop"));
    }

    @Test
    void nodeStatementsSetAttributesImplementationCyclesAndSpawnEdges() {
        DataflowGraph g = graph("""
                graph G {
                    node Rx {
                        attr "source"
                        attr "software"
                        attr "queue = 3"
                        implementation "l4_classify"
                        cycles 40 + 2
                        port out[Reply]
                        spawn reply[Tx Log]
                        spawn audit[Log]
                    }
                    node Reply {}
                    node Tx {}
                    node Log {}
                }
                """);

        Node rx = g.require("Rx");
        assertThat(rx.attributes()).isEqualTo(new Attributes(Set.of("source", "software"), Map.of("queue", "3")));
        assertThat(rx.implementation()).contains("l4_classify");
        assertThat(rx.cycles()).isEqualTo(OptionalLong.of(42));
        assertThat(g.outgoing("Rx")).containsExactlyInAnyOrder(Edge.port("Rx", "out", "Reply"),
                Edge.spawn("Rx", "reply", "Tx"), Edge.spawn("Rx", "reply", "Log"), Edge.spawn("Rx", "audit", "Log"));
    }

    @Test
    void portsKeepDeclarationOrderAndEmptyPortsHaveNoEdges() {
        DataflowGraph g = graph("graph G { node A { attr \"source\" port z[] port a[B] port m[] } node B {} }");

        assertThat(g.require("A").ports()).extracting(Port::name).containsExactly("z", "a", "m");
        assertThat(g.targets("A", "z")).isEmpty();
        assertThat(g.require("A").ports()).allSatisfy(p -> assertThat(p.predicate()).isEqualTo(Predicate.TRUE));
    }

    @Test
    void whenAndPredicateStatementsGiveThePortPredicate() {
        DataflowGraph g = graph("""
                graph G {
                    node L4 {
                        attr "source"
                        port tcp[] when ip.proto == tcp
                        predicate udp ip.proto == udp      // before the port it belongs to
                        port udp[]
                        port other[]
                        predicate other ip.proto != tcp && ip.proto != udp
                    }
                }
                """);

        Node l4 = g.require("L4");
        Predicate tcp = Predicate.eq(HeaderField.IP_PROTO, 6);
        Predicate udp = Predicate.eq(HeaderField.IP_PROTO, 17);
        assertThat(l4.port("tcp").orElseThrow().predicate()).isEqualTo(tcp);
        assertThat(l4.port("udp").orElseThrow().predicate()).isEqualTo(udp);
        assertThat(l4.port("other").orElseThrow().predicate())
                .isEqualTo(new Predicate.And(List.of(Predicate.not(tcp), Predicate.not(udp))));
    }

    @Test
    void predicateAtomsFollowTheDocumentedMapping() {
        HeaderField proto = HeaderField.IP_PROTO;
        assertThat(predicate("ip.proto == 6")).isEqualTo(new Predicate.Masked(proto, 6, 0xFF));
        assertThat(predicate("ip.proto == udp")).isEqualTo(Predicate.eq(proto, 17));
        assertThat(predicate("ip.proto != udp")).isEqualTo(new Predicate.Not(Predicate.eq(proto, 17)));
        assertThat(predicate("tcp.flags & 0x12 == syn")).isEqualTo(Predicate.masked(HeaderField.TCP_FLAGS, 0x02, 0x12));
        assertThat(predicate("ip.dst in 10.1.0.0/16")).isEqualTo(Predicate.masked(HeaderField.IP_DST, 0x0A01_0000L, 0xFFFF_0000L));
        assertThat(predicate("ip.src in 0.0.0.0/0")).isEqualTo(Predicate.masked(HeaderField.IP_SRC, 0, 0));
        assertThat(predicate("l4.dport in 1..1023")).isEqualTo(Predicate.range(HeaderField.L4_DPORT, 1, 1023));
        assertThat(predicate("l4.dport < 1024")).isEqualTo(Predicate.range(HeaderField.L4_DPORT, 0, 1023));
        assertThat(predicate("l4.dport <= 1024")).isEqualTo(Predicate.range(HeaderField.L4_DPORT, 0, 1024));
        assertThat(predicate("l4.dport > 1024")).isEqualTo(Predicate.range(HeaderField.L4_DPORT, 1025, 65535));
        assertThat(predicate("l4.dport >= 1024")).isEqualTo(Predicate.range(HeaderField.L4_DPORT, 1024, 65535));
        assertThat(predicate("l4.dport in {80, 443, 0x50}")).isEqualTo(Predicate.in(HeaderField.L4_DPORT, List.of(80L, 443L)));
        assertThat(predicate("eth.dst == 00:1b:21:0a:ff:EE")).isEqualTo(Predicate.eq(HeaderField.ETH_DST, 0x001B_210A_FFEEL));
        assertThat(predicate("eth.type == 0x0800")).isEqualTo(Predicate.eq(HeaderField.ETH_TYPE, 0x0800));
        assertThat(predicate("eth.type == IPv4")).isEqualTo(Predicate.eq(HeaderField.ETH_TYPE, 0x0800));
        assertThat(predicate("ip.src == 10.0.0.1")).isEqualTo(Predicate.eq(HeaderField.IP_SRC, 0x0A00_0001L));
        assertThat(predicate("true")).isEqualTo(Predicate.TRUE);
        assertThat(predicate("false")).isEqualTo(Predicate.FALSE);
        assertThat(predicate("l4.sport == {1000 + 24}")).isEqualTo(Predicate.eq(HeaderField.L4_SPORT, 1024));
    }

    @Test
    void connectivesBuildOneNodePerChainAndParenthesesAddNothing() {
        Predicate a = Predicate.eq(HeaderField.IP_TTL, 1);
        Predicate b = Predicate.eq(HeaderField.IP_TTL, 2);
        Predicate c = Predicate.eq(HeaderField.IP_TTL, 3);

        assertThat(predicate("ip.ttl == 1 && ip.ttl == 2 && ip.ttl == 3")).isEqualTo(new Predicate.And(List.of(a, b, c)));
        assertThat(predicate("ip.ttl == 1 || ip.ttl == 2 || ip.ttl == 3")).isEqualTo(new Predicate.Or(List.of(a, b, c)));
        assertThat(predicate("ip.ttl == 1 && ip.ttl == 2 || ip.ttl == 3"))
                .isEqualTo(new Predicate.Or(List.of(new Predicate.And(List.of(a, b)), c)));
        assertThat(predicate("ip.ttl == 1 && (ip.ttl == 2 || ip.ttl == 3)"))
                .isEqualTo(new Predicate.And(List.of(a, new Predicate.Or(List.of(b, c)))));
        assertThat(predicate("(ip.ttl == 1 && ip.ttl == 2) && ip.ttl == 3"))
                .isEqualTo(new Predicate.And(List.of(new Predicate.And(List.of(a, b)), c)));
        assertThat(predicate("((ip.ttl == 1))")).isEqualTo(a);
        assertThat(predicate("!(ip.ttl in 1..3)")).isEqualTo(new Predicate.Not(Predicate.range(HeaderField.IP_TTL, 1, 3)));
        assertThat(predicate("!!(ip.ttl == 1)")).isEqualTo(a);
        assertThat(predicate("!true")).isEqualTo(Predicate.FALSE);
        assertThat(predicate("true && ip.ttl == 1")).isEqualTo(new Predicate.And(List.of(Predicate.TRUE, a)));
    }

    @Test
    void configNodesCarryTypeFunctionAndResources() {
        DataflowGraph g = graph("""
                graph G {
                    resource fivetuple_filters = 128
                    resource rx_queues = 16
                    config FiveTuple {
                        type [(src_ip: <UInt 32>, proto: <Enum(tcp, udp, sctp)>, priority: Int 1 7,
                               queue: Int 0 (rx_queues - 1), on: Bool, key: <[UInt 8]<40,40>>, deep: <<Bool>>,
                               offset: Int -8 -1)]<0, fivetuple_filters>
                        function fivetuple
                        uses fivetuple_filters, rx_queues
                        port queues[]
                    }
                }
                """);

        ConfigType tuple = new ConfigType.TupleType(List.of(
                new ConfigType.Field("src_ip", new ConfigType.OptionalType(new ConfigType.UIntType(32))),
                new ConfigType.Field("proto", new ConfigType.OptionalType(new ConfigType.EnumType(List.of("tcp", "udp", "sctp")))),
                new ConfigType.Field("priority", new ConfigType.IntType(1, 7)),
                new ConfigType.Field("queue", new ConfigType.IntType(0, 15)),
                new ConfigType.Field("on", ConfigType.BOOL),
                new ConfigType.Field("key", new ConfigType.OptionalType(new ConfigType.ListType(new ConfigType.UIntType(8), 40, 40))),
                new ConfigType.Field("deep", new ConfigType.OptionalType(new ConfigType.OptionalType(ConfigType.BOOL))),
                new ConfigType.Field("offset", new ConfigType.IntType(-8, -1))));
        assertThat(g.require("FiveTuple").config()).contains(new ConfigSpec(new ConfigType.ListType(tuple, 0, 128),
                "fivetuple", List.of("fivetuple_filters", "rx_queues")));
        assertThat(g.resources()).containsExactly(Map.entry("fivetuple_filters", new Resource("fivetuple_filters", 128)),
                Map.entry("rx_queues", new Resource("rx_queues", 16)));
    }

    @Test
    void integerExpressionsFollowPrecedenceAndParamsCanBeOverridden() {
        String text = """
                graph G {
                    param fdir_pballoc = 1 in 1..3
                    resource fdir_filters = (1024 << fdir_pballoc) - 2
                    resource a = 2 + 3 * 4 - 10 / 3 % 2
                    resource b = 1 << 2 + 1
                    resource c = 0x100 >> 4
                    resource d = -(-7) * --1
                }
                """;
        ParseResult defaults = Unicorn.parse("p.unicorn", text);
        ParseResult overridden = Unicorn.parse("p.unicorn", text, ParseOptions.defaults().withParameter("fdir_pballoc", 3));

        assertThat(defaults.orElseThrow().resources().values()).extracting(Resource::capacity)
                .containsExactly(2046L, 13L, 8L, 16L, 7L);
        assertThat(defaults.parameters()).containsExactly(Map.entry("fdir_pballoc", 1L));
        assertThat(overridden.orElseThrow().resource("fdir_filters")).contains(new Resource("fdir_filters", 8190));
        assertThat(overridden.parameters()).containsExactly(Map.entry("fdir_pballoc", 3L));
    }

    @Test
    void loopsReplicateClustersNodesAndPortsWithInterpolatedNamesAndStrings() {
        DataflowGraph g = graph("""
                graph G {
                    resource rx_queues = 4
                    node Wire { attr "source" port out[Rss] }
                    node Rss {
                        for q in 0..rx_queues - 1 {
                            port q{q}[Q{q}.Valid] when rss.bucket == {q}
                        }
                    }
                    config FiveTuple { type Bool function f port queues[Q{0..rx_queues - 1}.Valid] }
                    for q in 0..rx_queues - 1 {
                        cluster Q{q} {
                            or Valid { port true[Rx] port false[] }
                            node Rx { attr "sink" attr "rxqueue={q}" implementation "rx{q * 2}" port out[] }
                        }
                    }
                    for a in 0..1 { for b in 2..3 { node N{a}x{b}_{a + b} {} } }
                }
                """);

        assertThat(g.targets("FiveTuple", "queues")).containsExactly("Q0.Valid", "Q1.Valid", "Q2.Valid", "Q3.Valid");
        assertThat(g.require("Rss").ports()).extracting(Port::name).containsExactly("q0", "q1", "q2", "q3");
        assertThat(g.require("Rss").port("q2").orElseThrow().predicate()).isEqualTo(Predicate.eq(HeaderField.RSS_BUCKET, 2));
        assertThat(g.require("Q3.Rx").attributes().value("rxqueue")).contains("3");
        assertThat(g.require("Q3.Rx").implementation()).contains("rx6");
        assertThat(g.targets("Q1.Valid", "true")).containsExactly("Q1.Rx");
        assertThat(g.contains("N0x2_2")).isTrue();
        assertThat(g.contains("N1x3_4")).isTrue();
        assertThat(g.nodeCount()).isEqualTo(2 + 1 + 8 + 4);
    }

    @Test
    void rangesInSeveralPartsOfAReferenceMultiply() {
        DataflowGraph g = graph("""
                graph G {
                    for a in 0..1 { for b in 0..2 { cluster P{a} { node L{b} {} } } }
                    node S { attr "source" port out[P{0..1}.L{1..2}] }
                }
                """);

        assertThat(g.targets("S", "out")).containsExactly("P0.L1", "P0.L2", "P1.L1", "P1.L2");
    }

    @Test
    void keywordsMayNameNodesPortsAndSymbols() {
        DataflowGraph g = graph("""
                graph G {
                    node type { attr "source" port in[for] port true[] port when[] }
                    node for {}
                    config C { type (port: Enum(node, Int), when: Bool) function cluster }
                }
                """);

        assertThat(g.targets("type", "in")).containsExactly("for");
        assertThat(g.require("C").config().map(ConfigSpec::function)).contains("cluster");
    }

    @Test
    void commentsAndLayoutDoNotMatter() {
        DataflowGraph compact = graph("graph G{node A{attr\"source\" port out[B]}node B{}}");
        DataflowGraph spread = graph("""
                // a line comment
                graph G /* a block
                           comment */ {
                    node A {
                        attr "source"   // trailing
                        port out[ B ]
                    }
                    node B { }
                }
                """);

        assertThat(spread).isEqualTo(compact);
    }

    @Test
    void stringEscapesAreDecoded() {
        DataflowGraph g = graph("graph G { node A { attr \"source\" implementation \"a\\\"b\\\\c\\{d\\}\\te\\nf\" } }");

        assertThat(g.require("A").implementation()).contains("a\"b\\c{d}\te\nf");
    }

    @Test
    void warningsLeaveTheGraphAndLocationsPointAtDeclarations() {
        ParseResult r = Unicorn.parse("w.unicorn", """
                graph G {
                    node Wire { attr "source" port out[A A] }
                    node A { attr "sink" }
                    node Orphan {}
                }
                """);

        assertThat(r.hasErrors()).isFalse();
        assertThat(r.graph()).isPresent();
        assertThat(r.warnings()).extracting(Diagnostic::headline).containsExactly(
                "w.unicorn:2:42: warning: target 'A' is listed twice",
                "w.unicorn:4:10: warning: node 'Orphan' is not reachable from any source");
        assertThat(r.nodeLocations()).containsEntry("Wire", new SourceLocation("w.unicorn", 2, 10))
                .containsEntry("Orphan", new SourceLocation("w.unicorn", 4, 10));
    }

    @Test
    void nodeLocationsAreKeptOutsideTheNodeValues() {
        ParseResult here = Unicorn.parse("a.unicorn", "graph G { node A { attr \"source\" } }");
        ParseResult there = Unicorn.parse("b.unicorn", "graph G {\n\n    node A { attr \"source\" }\n}");

        assertThat(here.orElseThrow()).isEqualTo(there.orElseThrow());
        assertThat(here.nodeLocations().get("A")).isNotEqualTo(there.nodeLocations().get("A"));
    }

    @Test
    void graphWithoutErrorsMayStillHaveNoSourceWarning() {
        ParseResult r = Unicorn.parse("n.unicorn", "graph G { node A {} }");

        assertThat(r.graph()).map(DataflowGraph::nodeCount).isEqualTo(Optional.of(1));
        assertThat(r.warnings()).singleElement().extracting(Diagnostic::message).asString().contains("has no node with attr \"source\"");
    }
}
