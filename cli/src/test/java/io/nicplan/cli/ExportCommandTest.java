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
    void whatEthtoolShowsImportsAsAPlanFileAndTheDiffToAPlanTouchesOnlyWhatChanged() throws Exception {
        StringBuilder rss = new StringBuilder("RX flow hash indirection table for eth0 with 8 RX ring(s):\n");
        for (int row = 0; row < 128; row += 8) {
            rss.append(String.format("%5d: ", row));
            for (int i = 0; i < 8; i++) {
                rss.append(String.format(" %5d", i % 4));
            }
            rss.append('\n');
        }
        Path x = Files.writeString(dir.resolve("ethtool-x.txt"), rss.toString(), StandardCharsets.UTF_8);
        Path n = Files.writeString(dir.resolve("ethtool-n.txt"), """
                8 RX rings available
                Total 1 rules

                Filter: 0
                \tRule Type: UDP over IPv4
                \tSrc IP addr: 10.0.1.1 mask: 0.0.0.0
                \tDest IP addr: 10.0.0.1 mask: 0.0.0.0
                \tTOS: 0x0 mask: 0xff
                \tSrc port: 40001 mask: 0x0
                \tDest port: 11211 mask: 0x0
                \tAction: Direct to queue 2

                """, StandardCharsets.UTF_8);
        Path l = Files.writeString(dir.resolve("ethtool-l.txt"), "Channel parameters for eth0:\nCurrent hardware settings:\n"
                + "Combined:\t8\n", StandardCharsets.UTF_8);
        CliRun imported = CliRun.of("import", "--nic", "builtin:intel-82599", "--format", "ethtool", "--ntuple", n.toString(),
                "--rss", x.toString(), "--channels", l.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("\"configuration\"").contains("\"FlowDirector\"").contains("\"queue\" : 2");
        Path current = Files.writeString(dir.resolve("current.json"), imported.out(), StandardCharsets.UTF_8);

        CliRun diff = CliRun.of("export", "--nic", "builtin:intel-82599", "--plan", plan.toString(), "--format", "ethtool",
                "--diff-from", current.toString(), "--best-effort");
        assertThat(diff.exitCode()).as(diff.err()).isEqualTo(ExportCommand.EXIT_CHANGED);
        assertThat(diff.out().lines().filter(s -> s.startsWith("ethtool -N eth0 flow-type"))).containsExactly(
                "ethtool -N eth0 flow-type udp4 src-ip 10.0.1.1 dst-ip 10.0.0.1 src-port 40001 dst-port 11211 action 4 loc 0",
                "ethtool -N eth0 flow-type udp4 src-ip 10.0.1.2 dst-ip 10.0.0.1 src-port 40002 dst-port 11211 action 5 loc 1",
                "ethtool -N eth0 flow-type udp4 src-ip 10.0.1.3 dst-ip 10.0.0.1 src-port 40003 dst-port 11211 action 6 loc 2",
                "ethtool -N eth0 flow-type udp4 src-ip 10.0.1.4 dst-ip 10.0.0.1 src-port 40004 dst-port 11211 action 6 loc 3");
        assertThat(diff.out()).doesNotContain(" -X ").contains("ethtool -K eth0 rx on");

        CliRun flows = CliRun.of("import", "--nic", "builtin:intel-82599", "--format", "rte_flow", "--rss", x.toString(),
                "--ntuple", n.toString());
        assertThat(flows.exitCode()).isEqualTo(1);
        assertThat(flows.err()).contains("flow list` prints rule item and action names without their values");
    }

    @Test
    void anUnknownFormatOrDeviceIsAnErrorSayingWhatIsAllowed() {
        CliRun bad = CliRun.of("export", "--nic", "builtin:intel-82599", "--plan", plan.toString(), "--format", "p4");
        // A value no option takes is a usage error (exit 2), like any other malformed argument.
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--format p4 is not one of ethtool, tc, rte_flow");
        CliRun dev = CliRun.of("export", "--nic", "builtin:intel-82599", "--plan", plan.toString(), "--format", "tc",
                "--dev", "eth0;reboot");
        assertThat(dev.exitCode()).isEqualTo(1);
        assertThat(dev.err()).contains("is not a Linux interface name");
    }

    @Test
    void importReadsTestpmdsFlowListWithTheCommandsThatMadeItAndItsReta() throws Exception {
        // The memcached plan's rte_flow export is the command file; a port that kept its rules lists them as testpmd's
        // port_flow_list prints them (header, then ID, group, priority, attributes, item names => action names).
        CliRun exported = CliRun.of("export", "--nic", "builtin:intel-82599", "--plan", plan.toString(), "--format", "rte_flow");
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        Path rules = Files.writeString(dir.resolve("rules.txt"), exported.out(), StandardCharsets.UTF_8);
        Path flows = Files.writeString(dir.resolve("flow-list.txt"), "ID\tGroup\tPrio\tAttr\tRule\n"
                + "0\t0\t0\ti--\tETH IPV4 UDP => QUEUE\n1\t0\t1\ti--\tETH IPV4 UDP => QUEUE\n"
                + "2\t0\t2\ti--\tETH IPV4 UDP => QUEUE\n3\t0\t2\ti--\tETH IPV4 UDP => QUEUE\n"
                + "4\t0\t2\ti--\tETH IPV4 UDP => QUEUE\n5\t0\t2\ti--\tETH IPV4 UDP => QUEUE\n", StandardCharsets.UTF_8);
        StringBuilder reta = new StringBuilder();
        for (int i = 0; i < 128; i++) {
            reta.append("RSS RETA configuration: hash index=").append(i).append(", queue=").append(i % 4).append('\n');
        }
        Path retaFile = Files.writeString(dir.resolve("reta.txt"), reta.toString(), StandardCharsets.UTF_8);
        CliRun imported = CliRun.of("import", "--nic", "builtin:intel-82599", "--format", "rte_flow", "--flows", flows.toString(),
                "--rules", rules.toString(), "--reta", retaFile.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("\"FiveTuple\"").contains("\"priority\" : 7").contains("\"FlowDirector\"")
                .contains("\"src_port\" : 40004").contains("\"CsumOffload\" : true");
        CliRun missing = CliRun.of("import", "--nic", "builtin:intel-82599", "--format", "rte_flow", "--rules", rules.toString(),
                "--reta", retaFile.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no `flow list` says which are installed");
    }
}
