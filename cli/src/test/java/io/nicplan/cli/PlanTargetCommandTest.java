package io.nicplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.app.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nicplan plan --target linux}: a plan the NIC's ethtool export takes whole (docs/nic-descriptions.md). */
class PlanTargetCommandTest {
    @TempDir
    static Path dir;
    private static Path state;
    private static Path cost;

    @BeforeAll
    static void inputs() throws Exception {
        state = Files.writeString(dir.resolve("state.json"), Samples.demoStateJson(7), StandardCharsets.UTF_8);
        cost = Files.writeString(dir.resolve("cost.json"), Samples.demoCostJson(), StandardCharsets.UTF_8);
    }

    @Test
    void aLinuxPlanOfThe82599ExportsToEthtoolWithoutABestEffortChange() throws Exception {
        CliRun plan = CliRun.of("plan", "--nic", "builtin:intel-82599", "--state", state.toString(), "--cost", cost.toString(),
                "--strategy", "greedy", "--queues", "10", "--target", "linux", "--json");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).doesNotContain("\"FiveTuple\"");
        Path file = Files.writeString(dir.resolve("plan.json"), plan.out(), StandardCharsets.UTF_8);
        CliRun export = CliRun.of("export", "--nic", "builtin:intel-82599", "--plan", file.toString(), "--format", "ethtool");
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.err()).isEmpty();
        assertThat(export.out()).contains("ethtool -L eth0 combined 10\n").doesNotContain("best effort");
    }

    @Test
    void anUnknownTargetOrMoreQueuesThanTheDriverEnablesIsAnError() {
        CliRun bogus = CliRun.of("plan", "--nic", "builtin:intel-82599", "--state", state.toString(), "--cost", cost.toString(),
                "--target", "bsd");
        assertThat(bogus.exitCode()).isNotZero();
        assertThat(bogus.err()).contains("unknown target 'bsd'").contains("[hardware, linux]");
        CliRun many = CliRun.of("plan", "--nic", "builtin:intel-82599", "--state", state.toString(), "--cost", cost.toString(),
                "--strategy", "greedy", "--queues", "100", "--target", "linux");
        assertThat(many.exitCode()).isNotZero();
        assertThat(many.err()).contains("64 queues its Linux driver can enable");
    }
}
