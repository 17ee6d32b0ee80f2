package io.nicplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nicplan.app.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What people expect of a Unix command line: {@code -} for standard input, {@code --json} for machine-readable
 * results, exit code 2 for a wrong command line, and shell completion.
 */
class CommandLineConventionsTest {
    private static final String BROKEN = "graph G {\n  node A { port out[Missing] }\n}\n";

    @Test
    void aDescriptionOnStandardInputHasItsDiagnosticsNamedStdin() {
        CliRun run = CliRun.withInput(BROKEN, "parse", "-");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("<stdin>:2:").contains("Missing");
    }

    @Test
    void aProtocolStateOnStandardInputIsPlannedLikeAFile(@TempDir Path dir) throws Exception {
        Path cost = Files.writeString(dir.resolve("cost.json"), Samples.demoCostJson(), StandardCharsets.UTF_8);
        CliRun fromStdin = CliRun.withInput(Samples.memcachedState(), "plan", "--nic", "builtin:intel-82599",
                "--state", "-", "--cost", cost.toString(), "--strategy", "greedy", "--json");
        Path state = Files.writeString(dir.resolve("state.json"), Samples.memcachedState(), StandardCharsets.UTF_8);
        CliRun fromFile = CliRun.of("plan", "--nic", "builtin:intel-82599", "--state", state.toString(),
                "--cost", cost.toString(), "--strategy", "greedy", "--json");
        assertThat(fromStdin.exitCode()).as(fromStdin.err()).isZero();
        JsonNode a = Json.MAPPER.readTree(fromStdin.out());
        JsonNode b = Json.MAPPER.readTree(fromFile.out());
        assertThat(a.path("placements")).isEqualTo(b.path("placements")).isNotEmpty();
    }

    @Test
    void standardInputNamedTwiceIsRefused(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.withInput(Samples.memcachedState(), "plan", "--nic", "builtin:intel-82599",
                "--state", "-", "--cost", "-", "--strategy", "greedy");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("standard input (-) is named twice");
    }

    @Test
    void parseJsonPrintsTheDiagnosticsWithTheirPositionsAndNothingOnStderr(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.unicorn"), BROKEN, StandardCharsets.UTF_8);
        CliRun run = CliRun.of("parse", bad.toString(), "--json");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEmpty();
        JsonNode report = Json.MAPPER.readTree(run.out());
        assertThat(report.path("ok").asBoolean(true)).isFalse();
        JsonNode first = report.path("diagnostics").path(0);
        assertThat(first.path("file").asText()).isEqualTo(bad.toString());
        assertThat(first.path("line").asInt()).isEqualTo(2);
        assertThat(first.path("column").asInt()).isPositive();
        assertThat(first.path("severity").asText()).isEqualTo("error");
        assertThat(first.path("message").asText()).contains("Missing");
    }

    @Test
    void parseJsonOfSeveralFilesIsOneReportPerFile(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.unicorn"), BROKEN, StandardCharsets.UTF_8);
        CliRun run = CliRun.of("parse", "builtin:intel-82599", bad.toString(), "--json");
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode reports = Json.MAPPER.readTree(run.out());
        assertThat(reports).hasSize(2);
        assertThat(reports.path(0).path("ok").asBoolean()).isTrue();
        assertThat(reports.path(0).path("graph").asText()).isEqualTo("Intel82599");
        assertThat(reports.path(0).path("diagnostics")).isEmpty();
        assertThat(reports.path(1).path("ok").asBoolean(true)).isFalse();
    }

    @Test
    void listJsonNamesEveryShippedDescription() throws Exception {
        CliRun run = CliRun.of("list", "--json");
        assertThat(run.exitCode()).isZero();
        JsonNode list = Json.MAPPER.readTree(run.out());
        assertThat(list).anySatisfy(e -> {
            assertThat(e.path("name").asText()).isEqualTo("builtin:intel-82599");
            assertThat(e.path("kind").asText()).isEqualTo("nic");
        });
        assertThat(list).anySatisfy(e -> assertThat(e.path("kind").asText()).isEqualTo("lpg"));
    }

    @Test
    void embedAndGraphTakeJsonAsTheirJsonFormat(@TempDir Path dir) throws Exception {
        CliRun json = CliRun.of("graph", "builtin:intel-82599", "--json");
        CliRun format = CliRun.of("graph", "builtin:intel-82599", "--format", "json");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).isEqualTo(format.out());
        assertThat(Json.MAPPER.readTree(json.out()).isObject()).isTrue();

        CliRun both = CliRun.of("graph", "builtin:intel-82599", "--json", "--format", "unicorn");
        assertThat(both.exitCode()).isEqualTo(2);

        Path state = Files.writeString(dir.resolve("state.json"), Samples.memcachedState(), StandardCharsets.UTF_8);
        CliRun embed = CliRun.of("embed", "--nic", "builtin:intel-82599", "--state", state.toString(), "--json");
        assertThat(embed.exitCode()).as(embed.err()).isZero();
        assertThat(Json.MAPPER.readTree(embed.out()).isContainerNode()).isTrue();
    }

    @Test
    void aWrongCommandLineExitsWithTwoAndPointsToTheHelp() {
        for (List<String> args : List.of(
                List.of("plan", "--no-such-option"),
                List.of("no-such-command"),
                List.of("plan", "--nic", "builtin:intel-82599"),
                List.of("plan", "--nic", "builtin:intel-82599", "--state", "s.json", "--cost", "c.json", "--strategy", "magic"),
                List.of("plan", "--nic", "builtin:intel-82599", "--state", "s.json", "--cost", "c.json", "--time-limit", "soon"),
                List.of("import", "--nic", "builtin:intel-82599", "--format", "p4", "--rss", "x.txt"))) {
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(args + ": " + run.err()).isEqualTo(2);
            assertThat(run.err()).as(args.toString()).startsWith("nicplan: usage error: ").contains("--help' for more information");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void theHelpDocumentsTheExitCodes() {
        for (String command : List.of("plan", "parse", "export")) {
            CliRun run = CliRun.of(command, "--help");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).as(command).contains("Exit codes:").containsPattern("\\n +2 +usage error").containsPattern("\\n +1 +bad input");
        }
    }

    @Test
    void completionIsAValidBashScriptForEveryCommand(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("completion");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("complete -F").contains("plan").contains("--time-limit").contains("export");
        Path script = Files.writeString(dir.resolve("nicplan-completion.bash"), run.out(), StandardCharsets.UTF_8);
        Process bash = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }
}
