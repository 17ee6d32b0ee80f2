package io.nicplan.unicorn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.unicorn.parse.ParseOptions;
import io.nicplan.unicorn.parse.ParseResult;
import io.nicplan.unicorn.parse.UnicornException;
import io.nicplan.unicorn.source.Diagnostic;
import io.nicplan.unicorn.source.Source;
import io.nicplan.unicorn.source.SourceLocation;
import org.junit.jupiter.api.Test;

/** Diagnostics render as FILE:LINE:COL: severity: message, the source line, and a caret. */
class DiagnosticTest {

    @Test
    void rendersHeadlineSourceLineAndCaret() {
        ParseResult r = Unicorn.parse("nic.unicorn", """
                graph G {
                    cluster Rx {
                        boolean ValidCRC { attr "source" port true[ValidCRCC] port false[] }
                    }
                }
                """);

        assertThat(r.render()).isEqualTo("""
                nic.unicorn:3:52: error: unknown node 'Rx.ValidCRCC'; did you mean 'Rx.ValidCRC'?
                        boolean ValidCRC { attr "source" port true[ValidCRCC] port false[] }
                                                                   ^""");
    }

    @Test
    void caretFollowsTabsInTheSourceLine() {
        ParseResult r = Unicorn.parse("t.unicorn", "graph G {\n\tnode A { attr \"source\" port out[Nope] }\n}\n");

        assertThat(r.diagnostics().get(0).render()).endsWith("\tnode A { attr \"source\" port out[Nope] }\n\t" + " ".repeat(32) + "^");
        assertThat(r.diagnostics().get(0).column()).isEqualTo(34);
    }

    @Test
    void columnsCountCodePoints() {
        ParseResult r = Unicorn.parse("u.unicorn", "graph G { node A { attr \"\uD83E\uDD84\" port out[Nope] attr \"source\" } }");

        Diagnostic d = r.errors().get(0);
        assertThat(d.column()).isEqualTo(38); // the unicorn emoji is one column, two chars
        assertThat(d.render()).endsWith(" ".repeat(37) + "^");
    }

    @Test
    void longLinesAreShownAsAWindowWithTheCaretInPlace() {
        String padding = "node P%d {} ";
        StringBuilder line = new StringBuilder("graph G { node A { attr \"source\" } ");
        for (int i = 0; i < 100; i++) {
            line.append(String.format(padding, i));
        }
        int column = line.length() + 1;
        line.append("node Z { port out[Nope] } }");

        Diagnostic d = Unicorn.parse("long.unicorn", line.toString()).errors().get(0);

        assertThat(d.column()).isEqualTo(column + 18);
        assertThat(d.sourceLine()).startsWith("...").hasSizeLessThan(170).contains("port out[Nope]");
        String[] lines = d.render().split("\n");
        assertThat(lines[2].indexOf('^')).isEqualTo(lines[1].indexOf("Nope"));
    }

    @Test
    void warningsSayWarning() {
        ParseResult r = Unicorn.parse("w.unicorn", "graph G {\n    node A { attr \"source\" attr \"source\" }\n}\n");

        assertThat(r.diagnostics()).extracting(Diagnostic::headline)
                .containsExactly("w.unicorn:2:33: warning: attribute \"source\" is given twice");
        assertThat(r.hasErrors()).isFalse();
    }

    @Test
    void orElseThrowCarriesEveryError() {
        ParseResult r = Unicorn.parse("e.unicorn", "graph G {\n    node A { port a[X] port b[Y] }\n}\n");

        assertThatThrownBy(r::orElseThrow).isInstanceOf(UnicornException.class)
                .hasMessage("e.unicorn:2:21: error: unknown node 'X'\ne.unicorn:2:31: error: unknown node 'Y'")
                .satisfies(e -> assertThat(((UnicornException) e).diagnostics()).hasSize(2));
    }

    @Test
    void diagnosticsAreOneBased() {
        assertThatThrownBy(() -> new Diagnostic("f", 0, 1, Diagnostic.Severity.ERROR, "m", ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Diagnostic("f", 1, 2, Diagnostic.Severity.ERROR, "m", "ab").location())
                .isEqualTo(new SourceLocation("f", 1, 2));
    }

    @Test
    void aSyntaxErrorAnywhereReportsOnlyTheFilesSyntaxErrors() {
        ParseResult r = Unicorn.parse("s.unicorn", """
                graph G {
                    resource r = 1 / 0
                    node A { attr "source" port out[B] }
                    node B { port [ }
                }
                """);

        assertThat(r.diagnostics()).extracting(Diagnostic::headline)
                .containsExactly("s.unicorn:4:19: error: expected a name before '['",
                        "s.unicorn:4:21: error: unexpected '}'; expected ']' to close '[' at 4:19");
    }

    @Test
    void itemsAreExpandedInOrderWhetherTheFileIsStreamedOrNot() {
        String text = "graph G { resource n = 2 for i in 0..n - 1 { node N{i} { attr \"source\" } } }";

        ParseResult streamed = Unicorn.parse("a.unicorn", text);
        ParseResult withImport = Unicorn.parse("b.unicorn", "graph G { import \"builtin:x\" }",
                ParseOptions.defaults().withResolver((path, from) -> java.util.Optional.of(
                        new Source(path, "resource n = 2 for i in 0..n - 1 { node N{i} { attr \"source\" } }"))));

        assertThat(streamed.orElseThrow()).isEqualTo(withImport.orElseThrow());
        assertThat(streamed.orElseThrow().nodes()).extracting(io.nicplan.graph.Node::id).containsExactly("N0", "N1");
    }

    @Test
    void aParamOrResourceWithABadValueIsNotReportedAgainWhereItIsUsed() {
        ParseResult r = Unicorn.parse("v.unicorn", """
                graph G {
                    param p = 5 in 1..3
                    resource r = 1 / 0
                    resource q = r + p
                    node A { attr "source" cycles q }
                }
                """);

        assertThat(r.errors()).extracting(Diagnostic::headline).containsExactly(
                "v.unicorn:2:15: error: default 5 of param 'p' is outside its range 1..3",
                "v.unicorn:3:20: error: division by zero: 1 / 0");
    }
}
