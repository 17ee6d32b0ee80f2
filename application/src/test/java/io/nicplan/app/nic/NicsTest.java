package io.nicplan.app.nic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.app.InputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NicsTest {
    private static final Nics.Limits LIMITS = new Nics.Limits(256 * 1024, 200_000, 400_000);

    @Test
    void aShippedDescriptionParsesAndSummarisesItsResources() {
        ParsedNic nic = Nics.read("builtin:intel-82599", Map.of());
        assertThat(nic.ok()).isTrue();
        NicSummary s = nic.summary().orElseThrow();
        assertThat(s.graph()).isEqualTo("Intel82599");
        assertThat(s.resources()).containsEntry("rx_queues", 128L).containsEntry("fivetuple_filters", 128L);
        assertThat(s.configNodes()).anySatisfy(c -> assertThat(c.function()).isEqualTo("fivetuple"));
    }

    @Test
    void submittedTextWithAnErrorReportsItAtFileLineAndColumn() {
        ParsedNic nic = Nics.parse("bad.unicorn", "graph G {\n  node A { port out[Missing] }\n}\n", LIMITS);
        assertThat(nic.ok()).isFalse();
        NicDiagnostic first = nic.errors().get(0);
        assertThat(first.file()).isEqualTo("bad.unicorn");
        assertThat(first.line()).isEqualTo(2);
        assertThat(first.headline()).startsWith("bad.unicorn:2:").contains("error:").contains("Missing");
        assertThat(first.rendered()).startsWith(first.headline()).contains("^");
    }

    @Test
    void submittedTextMayImportShippedFilesButNotTheServersDisk() {
        ParsedNic disk = Nics.parse("x.unicorn", "import \"/etc/hostname\"\ngraph G { node A { port out[] } }\n", LIMITS);
        assertThat(disk.ok()).isFalse();
    }

    @Test
    void aMissingFileOrUnknownShippedNameIsAnInputException() {
        assertThatThrownBy(() -> Nics.read("/nonexistent/nic.unicorn", Map.of())).isInstanceOf(InputException.class)
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> Nics.read("builtin:no-such-nic", Map.of())).isInstanceOf(InputException.class)
                .hasMessageContaining("intel-82599");
    }

    @Test
    void canonicalTextParsesBackToTheSameSummary() {
        ParsedNic flexnic = Nics.shipped("flexnic").orElseThrow();
        String text = Nics.export(flexnic.graph().orElseThrow(), GraphFormat.UNICORN);
        ParsedNic again = Nics.parse("flexnic.unicorn", text, LIMITS);
        assertThat(again.summary().orElseThrow().nodesByKind()).isEqualTo(flexnic.summary().orElseThrow().nodesByKind());
        assertThat(Nics.export(flexnic.graph().orElseThrow(), GraphFormat.DOT)).startsWith("digraph");
    }

    @Test
    void aConfigFunctionNoNicFeatureDefinesIsAnErrorAtItsLineAndColumn() {
        String text = "graph G {\n  node Wire { attr \"source\" port out[F] }\n"
                + "  config F {\n    type Bool\n    function fivetuples\n  }\n}\n";
        ParsedNic nic = Nics.parse("typo.unicorn", text, LIMITS);
        assertThat(nic.ok()).isFalse();
        NicDiagnostic error = nic.errors().get(0);
        assertThat(error.headline()).startsWith("typo.unicorn:5:5:").contains("'fivetuples'")
                .contains("did you mean 'fivetuple'");
    }
}
