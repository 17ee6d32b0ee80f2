package io.nicplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The demo is the end-to-end path: parse, embed, plan with every strategy, apply to the emulator, FlexTCP connections. */
class DemoCommandTest {
    @Test
    void demoRunsEveryStepAndTheEmulatorAgreesWithEveryPlan() {
        CliRun run = CliRun.of("demo", "--time-limit", "500ms");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("builtin:intel-82599")
                .contains("200 of 200 flows on the predicted queue")
                .contains("demo: every step succeeded")
                .containsPattern("FlexTCP slot; each peer opens a connection")
                .containsPattern("(\\d+) of \\1 connections byte-exact on the planned queue's context \\(100 %\\)")
                .doesNotContain("NOT committed")
                .doesNotContain("disagree:");
    }
}
