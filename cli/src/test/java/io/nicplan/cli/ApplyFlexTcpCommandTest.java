package io.nicplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nicplan apply} with a plan whose fastPath flows run as FlexTCP connections. */
class ApplyFlexTcpCommandTest {
    @TempDir
    Path dir;

    @Test
    void fastPathFlowsAreReportedAsConnectionsWithTheirSegments() throws Exception {
        Path state = Files.writeString(dir.resolve("state.json"), """
                {"interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.1"]}],
                 "flows": [{"id": "web", "proto": "tcp", "src": "10.0.2.1:5555", "dst": "10.0.0.1:80", "pps": 1000, "bytes": 1000},
                           {"id": "kv", "proto": "udp", "src": "10.0.1.5:4000", "dst": "10.0.0.1:11211", "pps": 1000, "bytes": 128}]}
                """);
        Path plan = Files.writeString(dir.resolve("plan.json"), """
                {"configuration": {
                   "Stage0": [{"priority": 9, "proto": "tcp", "src_ip": "10.0.2.1", "src_prefix": 32, "dst_port": 80, "action": "fastpath"},
                              {"priority": 1, "proto": "udp", "dst_port": 11211, "action": "queue", "queue": 4}],
                   "FastPath": [{"src_ip": "10.0.2.1", "dst_ip": "10.0.0.1", "src_port": 5555, "dst_port": 80, "queue": 7}]},
                 "placements": [{"flow": "web", "queue": 7, "fastPath": true}, {"flow": "kv", "queue": 4, "fastPath": false}]}
                """);

        CliRun run = CliRun.of("apply", "--nic", "builtin:flexnic", "--state", state.toString(), "--plan", plan.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("2 flows replayed, 2 agree with the plan")
                .contains("1 fastPath flows ran as FlexTCP connections:")
                .contains("  web: 65536 of 65536 bytes delivered byte-exact, 47 segments on the fast path, 2 on the slow path,"
                        + " context 7 (plan: queue 7)");
        CliRun json = CliRun.of("apply", "--nic", "builtin:flexnic", "--state", state.toString(), "--plan", plan.toString(), "--json");
        assertThat(json.out()).contains("\"connections\"").contains("\"fastPathSegments\" : 47");
    }
}
