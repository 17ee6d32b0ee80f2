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
                // FlexNIC's key-value steering program (issue #14 item 3).
                // planned by the optimizer from the keys: 4 buckets, bucket b on core b's queue, as the hand-written program
                .contains("planned by greedy     : Stage0 hashes the key into 4 buckets, Stage1 maps them to queues [0, 1, 2, 3] (feasible, verified yes)")
                .contains("planned by optaplanner: Stage0 hashes the key into 4 buckets, Stage1 maps them to queues [0, 1, 2, 3] (feasible, verified yes)")
                .contains("12 of 12 requests predicted on the owning core (100 %)")
                .contains("12 of 12 flows on the planned queue (100 % agreement)")
                .contains("12 of 12 requests on the core that owns their key (100 %)")
                .contains("demo: every step succeeded")
                .containsPattern("FlexTCP slot; each peer opens a connection")
                .containsPattern("(\\d+) of \\1 connections byte-exact on the planned queue's context \\(100 %\\)")
                .doesNotContain("NOT committed")
                .doesNotContain("disagree:");
    }
}
