package io.nicplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.app.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #16 item 4: {@code plan} shows a progress line (best cost, elapsed, moves/s) on standard error while it
 * searches, where standard error is a terminal (here assumed with the hidden {@code --assume-terminal}), and none
 * with {@code --quiet} or where it is not one (a test's captured stream); {@code bench search --json} prints JSON.
 */
class PlanProgressTest {
    @TempDir
    static Path dir;
    private static Path state;
    private static Path cost;

    @BeforeAll
    static void inputs() throws Exception {
        state = Files.writeString(dir.resolve("state.json"), Samples.demoStateJson(40), StandardCharsets.UTF_8);
        cost = Files.writeString(dir.resolve("cost.json"), Samples.demoCostJson(), StandardCharsets.UTF_8);
    }

    private static CliRun plan(String... more) {
        String[] base = {"plan", "--nic", "builtin:intel-82599", "--state", state.toString(), "--cost", cost.toString(),
                "--time-limit", "1s", "--step-limit", "50", "--json"};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(args);
    }

    @Test
    void onATerminalTheSearchShowsBestCostElapsedAndMovesPerSecond() {
        CliRun run = plan("--assume-terminal");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).matches("(?s)\\rsearching: best cost .*, \\d+\\.\\d s, [\\d,]+ moves/s\\s*\\n");
        // the last state names a plan and moves that were evaluated
        String last = run.err().substring(run.err().lastIndexOf('\r') + 1).strip();
        assertThat(last).doesNotContain("none yet").doesNotEndWith(" 0 moves/s");
        System.out.println("PlanProgressTest, 82599, demo state, step limit 50: " + last);
        assertThat(run.out()).startsWith("{");
    }

    @Test
    void quietOrNotATerminalShowsNothing() {
        CliRun quiet = plan("--assume-terminal", "--quiet");
        assertThat(quiet.exitCode()).as(quiet.err()).isZero();
        assertThat(quiet.err()).isEmpty();
        CliRun captured = plan();
        assertThat(captured.exitCode()).as(captured.err()).isZero();
        assertThat(captured.err()).isEmpty();
    }

    @Test
    void theLineSaysWhatTheSearchHasFound() {
        assertThat(ProgressLine.line(null, 1_500_000_000L, 3_000)).isEqualTo("searching: best cost none yet, 1.5 s, 2,000 moves/s");
    }

    @Test
    void benchSearchPrintsItsRowsAsJson() throws Exception {
        CliRun run = CliRun.of("bench", "search", "--sizes", "10", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        var rows = Json.MAPPER.readTree(run.out());
        assertThat(rows.isArray()).isTrue();
        assertThat(rows.size()).isPositive();
        var first = rows.get(0);
        assertThat(first.get("flows").asInt()).isEqualTo(10);
        assertThat(first.has("lowerBound")).isTrue();
        assertThat(first.get("results").get("greedy").get("cost").isIntegralNumber()).isTrue();
    }
}
