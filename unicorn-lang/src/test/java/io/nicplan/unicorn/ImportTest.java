package io.nicplan.unicorn;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.Node;
import io.nicplan.unicorn.parse.ParseOptions;
import io.nicplan.unicorn.parse.ParseResult;
import io.nicplan.unicorn.source.Diagnostic;
import io.nicplan.unicorn.source.Source;
import io.nicplan.unicorn.source.SourceLocation;
import io.nicplan.unicorn.source.SourceResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports splice a library's items where they stand, under the enclosing cluster. */
class ImportTest {

    @TempDir
    Path dir;

    /** Stands in for the nic-descriptions resolver: {@code builtin:NAME} from a map, recording requests. */
    static final class BuiltinStub implements SourceResolver {
        final Map<String, String> files;
        final List<String> requests = new ArrayList<>();

        BuiltinStub(Map<String, String> files) {
            this.files = files;
        }

        @Override
        public Optional<Source> resolve(String importPath, Optional<String> fromFile) {
            requests.add(importPath + " from " + fromFile.orElse("-"));
            if (!importPath.startsWith("builtin:")) {
                return Optional.empty();
            }
            String name = importPath.substring("builtin:".length());
            return Optional.ofNullable(files.get(name)).map(text -> new Source(importPath, text));
        }
    }

    private static final String QUEUES = """
            // builtin:queues: one receive queue per value of q in the importing loop
            cluster Q{q} {
                or Valid { port true[Rx] port false[] }
                node Rx { attr "sink" attr "rxqueue={q}" }
            }
            """;

    @Test
    void builtinImportsResolveThroughTheGivenResolverAndSeeTheLoopVariable() {
        BuiltinStub stub = new BuiltinStub(Map.of("queues", QUEUES));
        ParseResult r = Unicorn.parse("nic.unicorn", """
                graph Nic {
                    node Wire { attr "source" port out[Q{0..2}.Valid] }
                    for q in 0..2 {
                        import "builtin:queues"
                    }
                }
                """, ParseOptions.defaults().withResolver(stub));

        DataflowGraph g = r.orElseThrow();
        assertThat(g.nodes()).extracting(Node::id).containsExactly("Wire", "Q0.Valid", "Q0.Rx", "Q1.Valid", "Q1.Rx",
                "Q2.Valid", "Q2.Rx");
        assertThat(g.require("Q2.Rx").attributes().value("rxqueue")).contains("2");
        assertThat(stub.requests).containsOnly("builtin:queues from nic.unicorn");
        assertThat(r.nodeLocations().get("Q1.Rx")).isEqualTo(new SourceLocation("builtin:queues", 4, 10));
    }

    @Test
    void importInsideAClusterPrefixesTheImportedNodesAndRelativeReferences() throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/checks.unicorn"), """
                boolean Crc { port true[Length] port false[.Drop] }
                boolean Length { port true[.Deliver] port false[.Drop] }
                """);
        Path main = dir.resolve("nic.unicorn");
        Files.writeString(main, """
                graph Nic {
                    node Wire { attr "source" port out[Rx.Crc] }
                    cluster Rx {
                        import "lib/checks.unicorn"
                    }
                    node Deliver { attr "sink" }
                    node Drop { attr "sink" }
                }
                """);

        DataflowGraph g = Unicorn.parse(main, ParseOptions.defaults()).orElseThrow();

        assertThat(g.edges()).containsExactlyInAnyOrder(Edge.port("Wire", "out", "Rx.Crc"),
                Edge.port("Rx.Crc", "true", "Rx.Length"), Edge.port("Rx.Crc", "false", "Drop"),
                Edge.port("Rx.Length", "true", "Deliver"), Edge.port("Rx.Length", "false", "Drop"));
    }

    @Test
    void topLevelImportsSpliceParamsResourcesAndNodesIntoTheGraph() throws IOException {
        Files.writeString(dir.resolve("common.unicorn"), """
                param queues = 4 in 1..16
                resource rx_queues = queues
                import "drop.unicorn"
                """);
        Files.writeString(dir.resolve("drop.unicorn"), "node Drop { attr \"sink\" attr \"drop\" }\n");
        Path main = dir.resolve("nic.unicorn");
        Files.writeString(main, """
                import "common.unicorn"
                graph Nic {
                    node Wire { attr "source" port out[Drop] }
                }
                """);

        ParseResult r = Unicorn.parse(main, ParseOptions.defaults().withParameter("queues", 8));

        assertThat(r.orElseThrow().resource("rx_queues")).map(io.nicplan.graph.Resource::capacity).contains(8L);
        assertThat(r.parameters()).containsExactly(Map.entry("queues", 8L));
        assertThat(r.orElseThrow().contains("Drop")).isTrue();
    }

    @Test
    void theSameLibraryMayBeImportedIntoTwoClusters() {
        BuiltinStub stub = new BuiltinStub(Map.of("pair", "node In { port out[Out] }\nnode Out {}\n"));
        DataflowGraph g = Unicorn.parse("two.unicorn", """
                graph G {
                    node S { attr "source" port a[A.In] port b[B.In] }
                    cluster A { import "builtin:pair" }
                    cluster B { import "builtin:pair" }
                }
                """, ParseOptions.defaults().withResolver(stub)).orElseThrow();

        assertThat(g.targets("A.In", "out")).containsExactly("A.Out");
        assertThat(g.targets("B.In", "out")).containsExactly("B.Out");
    }

    @Test
    void importCyclesAreReportedWithTheWholeChain() {
        BuiltinStub stub = new BuiltinStub(Map.of(
                "a", "import \"builtin:b\"\nnode A {}\n",
                "b", "import \"builtin:c\"\nnode B {}\n",
                "c", "node C {}\nimport \"builtin:a\"\n"));

        ParseResult r = Unicorn.parse("main.unicorn", "graph G {\n    import \"builtin:a\"\n}\n",
                ParseOptions.defaults().withResolver(stub));

        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.headline()).isEqualTo(
                    "builtin:c:2:8: error: import cycle: builtin:a -> builtin:b -> builtin:c -> builtin:a");
            assertThat(d.sourceLine()).isEqualTo("import \"builtin:a\"");
        });
    }

    @Test
    void missingBuiltinIsNamed() {
        ParseResult r = Unicorn.parse("main.unicorn", "graph G {\n    import \"builtin:nope\"\n}\n",
                ParseOptions.defaults().withResolver(new BuiltinStub(Map.of())));

        assertThat(r.errors()).extracting(Diagnostic::headline)
                .containsExactly("main.unicorn:2:12: error: cannot find import 'builtin:nope'");
    }

    @Test
    void resolversChainWithOrElse() throws IOException {
        Files.writeString(dir.resolve("local.unicorn"), "node Local {}\n");
        Path main = dir.resolve("main.unicorn");
        Files.writeString(main, """
                graph G {
                    node S { attr "source" port out[Local Q0.Valid] }
                    for q in 0..0 { import "builtin:queues" }
                    import "local.unicorn"
                }
                """);

        ParseResult r = Unicorn.parse(main, ParseOptions.defaults()
                .withResolver(new BuiltinStub(Map.of("queues", QUEUES)).orElse(SourceResolver.fileSystem())));

        assertThat(r.orElseThrow().nodeCount()).isEqualTo(4);
    }

    @Test
    void referencesFromTheImportingFileMayPointIntoImportedNodesDeclaredLater() {
        BuiltinStub stub = new BuiltinStub(Map.of("sink", "node Sink { attr \"sink\" }\n"));
        DataflowGraph g = Unicorn.parse("f.unicorn", """
                graph G {
                    node S { attr "source" port out[Late.Sink] }
                    cluster Late { import "builtin:sink" }
                }
                """, ParseOptions.defaults().withResolver(stub)).orElseThrow();

        assertThat(g.targets("S", "out")).containsExactly("Late.Sink");
    }
}
