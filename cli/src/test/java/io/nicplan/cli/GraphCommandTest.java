package io.nicplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GraphCommandTest {

    @Test
    void collapseFoldsThe82599sQueuesIntoOneNodeLaidOutLeftToRight() {
        CliRun run = CliRun.of("graph", "builtin:intel-82599", "--collapse");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("rankdir=LR", "\"Q{0..127}.Rx\"", "\"Tx.Q{0..127}\"")
                .doesNotContain("\"Q5.Rx\"");
    }

    @Test
    void expandKeepsTheNamedGroupNodeByNode() {
        CliRun run = CliRun.of("graph", "builtin:intel-82599", "--collapse", "--expand", "Q*.Rx", "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"id\":\"Q5.Rx\"", "\"id\":\"Tx.Q{0..127}\"");
    }

    @Test
    void expandWithoutCollapseIsAUsageError() {
        CliRun run = CliRun.of("graph", "builtin:intel-82599", "--expand", "Q*.Rx");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--expand needs --collapse");
    }
}
