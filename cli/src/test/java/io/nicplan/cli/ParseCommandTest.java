package io.nicplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nicplan.descriptions.Descriptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseCommandTest {

    @Test
    void everyShippedDescriptionParsesWithExitCodeZero() {
        for (String name : Descriptions.names()) {
            CliRun run = CliRun.of("parse", "builtin:" + name);
            assertThat(run.exitCode()).as(name + ": " + run.err()).isZero();
            assertThat(run.out()).startsWith("graph ");
        }
    }

    @Test
    void jsonSummaryOfThe82599ShowsItsQueuesFiltersAndRssTable() throws Exception {
        CliRun run = CliRun.of("parse", "builtin:intel-82599", "--json");
        assertThat(run.exitCode()).isZero();
        JsonNode json = Json.MAPPER.readTree(run.out());
        assertThat(json.path("graph").asText()).isEqualTo("Intel82599");
        assertThat(json.path("resources").path("rx_queues").asLong()).isEqualTo(128);
        assertThat(json.path("resources").path("fivetuple_filters").asLong()).isEqualTo(128);
        assertThat(json.path("resources").path("rss_table_entries").asLong()).isEqualTo(128);
        assertThat(json.path("resources").path("fdir_filters").asLong()).isEqualTo(2046);
        assertThat(json.path("nodes").path("total").asInt()).isPositive();
        assertThat(json.path("configNodes")).anySatisfy(c -> assertThat(c.path("function").asText()).isEqualTo("fivetuple"));
    }

    @Test
    void parameterOverrideChangesTheFlowDirectorCapacity() throws Exception {
        CliRun run = CliRun.of("parse", "builtin:intel-82599", "--json", "--param", "fdir_pballoc=3");
        assertThat(run.exitCode()).isZero();
        assertThat(Json.MAPPER.readTree(run.out()).path("resources").path("fdir_filters").asLong()).isEqualTo(8190);
    }

    @Test
    void errorsGoToStderrAsFileLineColumnWithExitCodeOne(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.unicorn");
        Files.writeString(bad, "graph G {\n  node A { port out[Missing] }\n}\n", StandardCharsets.UTF_8);
        CliRun run = CliRun.of("parse", bad.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(bad + ":2:").contains("error:").contains("Missing");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void missingFileAndUnknownBuiltinAreOneLineUserErrors() {
        CliRun missing = CliRun.of("parse", "/nonexistent/nic.unicorn");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("nicplan: error: ").doesNotContain("Exception");
        CliRun unknown = CliRun.of("parse", "builtin:no-such-nic");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("intel-82599");
    }

    @Test
    void formatPrintsTextThatParsesBackToTheSameSummary(@TempDir Path dir) throws Exception {
        CliRun formatted = CliRun.of("format", "builtin:flexnic");
        assertThat(formatted.exitCode()).isZero();
        Path file = dir.resolve("flexnic.unicorn");
        Files.writeString(file, formatted.out(), StandardCharsets.UTF_8);
        CliRun original = CliRun.of("parse", "builtin:flexnic", "--json");
        CliRun reparsed = CliRun.of("parse", file.toString(), "--json");
        assertThat(reparsed.exitCode()).as(reparsed.err()).isZero();
        JsonNode a = Json.MAPPER.readTree(original.out());
        JsonNode b = Json.MAPPER.readTree(reparsed.out());
        assertThat(b.path("nodes")).isEqualTo(a.path("nodes"));
        assertThat(b.path("resources")).isEqualTo(a.path("resources"));
    }

    @Test
    void listNamesEveryShippedDescription() {
        CliRun run = CliRun.of("list");
        assertThat(run.exitCode()).isZero();
        for (String name : Descriptions.names()) {
            assertThat(run.out()).contains("builtin:" + name);
        }
    }
}
