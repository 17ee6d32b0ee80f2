package io.nicplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.app.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
    @TempDir
    static Path dir;
    private static Path plan;

    @BeforeAll
    static void plan() throws Exception {
        plan = Files.writeString(dir.resolve("plan.json"), "{\"configuration\": " + Samples.memcached82599Config() + "}",
                StandardCharsets.UTF_8);
    }

    @Test
    void theFiveTupleFiltersEthtoolCannotReachAreAnErrorNamingThem() {
        CliRun r = CliRun.of("export", "--nic", "builtin:intel-82599", "--plan", plan.toString(), "--format", "ethtool");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("nicplan: error: ethtool for Intel82599 (ixgbe) cannot express")
                .contains("C-node FiveTuple, 2 entries").contains("(FTQF) are not reachable through ethtool")
                .contains("--best-effort");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void bestEffortPrintsTheScriptAndEveryChangeWithItsCost() {
        CliRun r = CliRun.of("export", "--nic", "builtin:intel-82599", "--plan", plan.toString(), "--format", "ethtool",
                "--dev", "eth3", "--best-effort");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExportCommand.EXIT_CHANGED);
        assertThat(r.out()).startsWith("#!/bin/sh\n").contains("# best effort: 1 change(s) from the plan")
                .contains("ethtool -N eth3 flow-type udp4 src-ip 10.0.1.1 dst-ip 10.0.0.1 src-port 40001 dst-port 11211 action 4 loc 0\n");
        assertThat(r.err()).startsWith("nicplan: best effort: C-node FiveTuple, 2 entries");
    }

    @Test
    void rteFlowTakesThePlanWhole() {
        CliRun r = CliRun.of("export", "--nic", "builtin:intel-82599", "--plan", plan.toString(), "--format", "rte_flow",
                "--port", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> l.startsWith("flow create 1 "))).hasSize(6);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void anUnknownFormatOrDeviceIsAnErrorSayingWhatIsAllowed() {
        CliRun bad = CliRun.of("export", "--nic", "builtin:intel-82599", "--plan", plan.toString(), "--format", "p4");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("--format p4 is not one of ethtool, tc, rte_flow");
        CliRun dev = CliRun.of("export", "--nic", "builtin:intel-82599", "--plan", plan.toString(), "--format", "tc",
                "--dev", "eth0;reboot");
        assertThat(dev.exitCode()).isEqualTo(1);
        assertThat(dev.err()).contains("is not a Linux interface name");
    }
}
