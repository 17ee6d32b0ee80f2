package io.nicplan.unicorn;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.graph.Node;
import io.nicplan.graph.predicate.Predicate;
import io.nicplan.unicorn.parse.ParseLimits;
import io.nicplan.unicorn.parse.ParseOptions;
import io.nicplan.unicorn.parse.ParseResult;
import io.nicplan.unicorn.source.Diagnostic;
import io.nicplan.unicorn.source.Source;
import io.nicplan.unicorn.source.SourceResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input beyond the limits ends in a located diagnostic, never in a stack overflow or an exhausted heap. */
class LimitsTest {

    @TempDir
    Path dir;

    private static ParseResult parse(String text) {
        return Unicorn.parse("input.unicorn", text, ParseOptions.defaults().withResolver(SourceResolver.none()));
    }

    private static Diagnostic onlyError(ParseResult r) {
        assertThat(r.errors()).as(r.render()).hasSize(1);
        return r.errors().get(0);
    }

    @Test
    void hundredThousandNestedParenthesesAreRefusedAtTheFirstTooDeepOne() {
        String text = "graph G {\n    resource r = " + "(".repeat(100_000) + "1" + ")".repeat(100_000) + "\n}\n";

        Diagnostic d = onlyError(parse(text));

        assertThat(d.line()).isEqualTo(2);
        assertThat(d.column()).isEqualTo(18 + 63); // the graph's '{' is level 1, so the 64th '(' is level 65
        assertThat(d.message()).contains("nesting is deeper than 64 levels");
        assertThat(d.sourceLine()).hasSizeLessThan(200);
    }

    @Test
    void hundredThousandNestedPredicateParenthesesAreRefused() {
        String text = "graph G { node A { port p[] when " + "(".repeat(100_000) + "true" + ")".repeat(100_000) + " } }";

        assertThat(onlyError(parse(text)).message()).contains("nesting is deeper");
    }

    @Test
    void nestingWithinTheLimitParses() {
        String text = "graph G {\n    resource r = " + "(".repeat(60) + "1" + ")".repeat(60) + "\n}\n";

        ParseResult r = parse(text);

        assertThat(r.hasErrors()).as(r.render()).isFalse();
        assertThat(r.orElseThrow().resource("r")).map(io.nicplan.graph.Resource::capacity).contains(1L);
    }

    @Test
    void longChainsOfPrefixOperatorsDoNotRecurse() {
        String bangs = "!".repeat(100_000); // an even number: the predicate is the atom itself
        String minus = "-".repeat(100_001);
        String text = "graph G {\n    resource r = 0 " + "+ 7 ".repeat(10) + "\n    param m = " + minus + "5\n"
                + "    node A { attr \"source\" port p[] when " + bangs + "ip.proto == tcp }\n}\n";

        ParseResult r = parse(text);

        assertThat(r.hasErrors()).as(r.render()).isFalse();
        assertThat(r.parameters()).containsEntry("m", -5L);
        Node a = r.orElseThrow().require("A");
        assertThat(a.port("p").orElseThrow().predicate()).isEqualTo(Predicate.eq(io.nicplan.graph.predicate.HeaderField.IP_PROTO, 6));
    }

    @Test
    void longRunsOfOptionalBracketsAreRefused() {
        String text = "graph G { config C { type " + "<".repeat(100_000) + "Bool" + ">".repeat(100_000) + " function f } }";

        Diagnostic d = onlyError(parse(text));

        assertThat(d.message()).contains("types are nested deeper than 64 levels");
        assertThat(d.line()).isEqualTo(1);
        assertThat(d.column()).isEqualTo(27);
    }

    @Test
    void deeplyNestedInterpolationInsideAStringIsRefused() {
        String text = "graph G { node A { attr \"x={" + "(".repeat(100_000) + "1" + ")".repeat(100_000) + "}\" } }";

        Diagnostic d = onlyError(parse(text));

        assertThat(d.message()).contains("nesting is deeper");
        assertThat(d.column()).isEqualTo(29 + 64);
    }

    @Test
    void twoMebibyteFileIsRefusedBeforeItIsRead() throws IOException {
        Path big = dir.resolve("big.unicorn");
        byte[] bytes = ("graph G {\n" + "// padding\n".repeat(2 * 1024 * 1024 / 11) + "}\n").getBytes(StandardCharsets.UTF_8);
        Files.write(big, bytes);
        assertThat(bytes.length).isGreaterThan(2 * 1024 * 1024 - 64);

        ParseResult fromFile = Unicorn.parse(big, ParseOptions.defaults());
        ParseResult fromText = parse(new String(bytes, StandardCharsets.UTF_8));

        for (ParseResult r : new ParseResult[] {fromFile, fromText}) {
            Diagnostic d = onlyError(r);
            assertThat(d.line()).isEqualTo(1);
            assertThat(d.column()).isEqualTo(1);
            assertThat(d.message()).contains("the limit is 1048576 bytes");
        }
    }

    @Test
    void raisedByteLimitAdmitsALargerFile() {
        String text = "graph G {\n" + "// padding\n".repeat(200_000) + "node A {}\n}\n";

        ParseResult r = Unicorn.parse("big.unicorn", text,
                ParseOptions.defaults().withLimits(ParseLimits.DEFAULTS.withMaxBytes(4L << 20)));

        assertThat(r.hasErrors()).as(r.render()).isFalse();
    }

    @Test
    void bytesThatAreNotUtf8AreReportedAtTheirLineAndColumn() throws IOException {
        Path bad = dir.resolve("latin1.unicorn");
        byte[] prefix = "graph G {\n    node Caf".getBytes(StandardCharsets.UTF_8);
        byte[] rest = " {}\n}\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[prefix.length + 1 + rest.length];
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        bytes[prefix.length] = (byte) 0xE9; // 'é' in Latin-1, not UTF-8
        System.arraycopy(rest, 0, bytes, prefix.length + 1, rest.length);
        Files.write(bad, bytes);

        Diagnostic d = onlyError(Unicorn.parse(bad, ParseOptions.defaults()));

        assertThat(d.line()).isEqualTo(2);
        assertThat(d.column()).isEqualTo(13);
        assertThat(d.message()).contains("byte 0xE9").contains("not valid UTF-8");
        assertThat(d.render()).contains("    node Caf\uFFFD");
    }

    @Test
    void importThatIsNotUtf8IsReportedInTheImportedFile() throws IOException {
        Files.write(dir.resolve("lib.unicorn"), new byte[] {'n', 'o', 'd', 'e', ' ', (byte) 0xC3, (byte) 0x28, ' ', '{', '}'});
        Path main = dir.resolve("main.unicorn");
        Files.writeString(main, "graph G {\n    import \"lib.unicorn\"\n}\n");

        Diagnostic d = onlyError(Unicorn.parse(main, ParseOptions.defaults()));

        assertThat(d.file()).endsWith("lib.unicorn");
        assertThat(d.line()).isEqualTo(1);
        assertThat(d.column()).isEqualTo(6);
    }

    @Test
    void nodeLimitStopsExpansionWithALocatedError() {
        String text = "graph G {\n    for i in 0..999 {\n        node N{i} {}\n    }\n}\n";

        ParseResult r = Unicorn.parse("n.unicorn", text, ParseOptions.defaults().withLimits(ParseLimits.DEFAULTS.withMaxNodes(100)));

        Diagnostic d = onlyError(r);
        assertThat(d.message()).contains("more than 100 nodes");
        assertThat(d.line()).isEqualTo(3);
        assertThat(d.column()).isEqualTo(14);
    }

    @Test
    void edgeLimitStopsExpansionWithALocatedError() {
        String text = "graph G {\n    for i in 0..99 { node N{i} {} }\n    node A { port p[N{0..99}] port q[N{0..99}] }\n}\n";

        ParseResult r = Unicorn.parse("e.unicorn", text, ParseOptions.defaults().withLimits(ParseLimits.DEFAULTS.withMaxEdges(150)));

        Diagnostic d = onlyError(r);
        assertThat(d.message()).contains("more than 150 edges");
        assertThat(d.line()).isEqualTo(3);
        assertThat(d.column()).isEqualTo(38);
    }

    @Test
    void millionNodesAreTheDefaultCeiling() {
        assertThat(ParseLimits.DEFAULTS.maxNodes()).isEqualTo(1_000_000);
        assertThat(ParseLimits.DEFAULTS.maxLoopIterations()).isEqualTo(65_536);
        assertThat(ParseLimits.DEFAULTS.maxDepth()).isEqualTo(64);
        assertThat(ParseLimits.DEFAULTS.maxImportDepth()).isEqualTo(16);
        assertThat(ParseLimits.DEFAULTS.maxDiagnostics()).isEqualTo(200);
        assertThat(ParseLimits.DEFAULTS.maxBytes()).isEqualTo(1L << 20);
    }

    @Test
    void importsNestedDeeperThanTheLimitAreReported() {
        SourceResolver chain = (path, from) -> {
            int n = Integer.parseInt(path.substring("lib".length()));
            return Optional.of(new Source(path, "import \"lib" + (n + 1) + "\"\nnode N" + n + " {}\n"));
        };

        ParseResult r = Unicorn.parse("main.unicorn", "graph G {\n    import \"lib0\"\n}\n",
                ParseOptions.defaults().withResolver(chain));

        Diagnostic d = onlyError(r);
        assertThat(d.message()).contains("imports are nested deeper than 16 files");
        assertThat(d.file()).isEqualTo("lib15"); // main -> lib0 -> ... -> lib15 is 16 imports deep
        assertThat(d.line()).isEqualTo(1);
        assertThat(d.column()).isEqualTo(8);
    }

    @Test
    void manyErrorsAreCappedWithAFinalNote() {
        StringBuilder text = new StringBuilder("graph G {\n    node A { attr \"source\"\n");
        for (int i = 0; i < 500; i++) {
            text.append("        port p").append(i).append("[Missing").append(i).append("]\n");
        }
        text.append("    }\n}\n");

        ParseResult r = parse(text.toString());

        assertThat(r.diagnostics()).hasSize(201);
        Diagnostic last = r.diagnostics().get(200);
        assertThat(last.message()).isEqualTo("too many errors: stopped after 200; 300 more not shown");
        assertThat(last.line()).isEqualTo(203);
    }

    @Test
    void manyErrorsOnOneHugeLineStayCheap() {
        String text = "graph G { node A { attr \"source\" " + "port p[X] ".repeat(90_000) + "} }";

        ParseResult r = parse(text);

        assertThat(r.diagnostics()).hasSize(201);
        assertThat(r.diagnostics()).allSatisfy(d -> assertThat(d.sourceLine().length()).isLessThan(200));
    }

    @Test
    void overridesOutsideTheParamRangeAreErrors() {
        ParseResult r = Unicorn.parse("p.unicorn", "graph G {\n    param alloc = 1 in 1..3\n}\n",
                ParseOptions.defaults().withParameters(Map.of("alloc", 4L)));

        Diagnostic d = onlyError(r);
        assertThat(d.message()).isEqualTo("override alloc=4 is outside the param's range 1..3");
        assertThat(d.line()).isEqualTo(2);
        assertThat(d.column()).isEqualTo(11);
    }

    @Test
    void overrideOfAnUnknownParamNamesTheClosestOne() {
        ParseResult r = Unicorn.parse("p.unicorn", "graph G {\n    param alloc = 1 in 1..3\n}\n",
                ParseOptions.defaults().withParameter("aloc", 2));

        assertThat(onlyError(r).message()).contains("'aloc=2' names no param").contains("did you mean 'alloc'?");
    }

    @Test
    void missingFileIsADiagnosticNotAnException() {
        Path missing = dir.resolve("nope.unicorn");

        Diagnostic d = onlyError(Unicorn.parse(missing, ParseOptions.defaults()));

        assertThat(d.headline()).isEqualTo(missing + ":1:1: error: file not found");
    }
}
