package io.nicplan.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The benchmark's workloads do what the figures claim, counted rather than timed: the echo
 * clients get every request answered on both stacks, the bulk flow delivers, connections open
 * and close; and bad settings are refused with the option's name.
 */
class FlexTcpBenchmarkTest {

    private static final long NO_WALL_LIMIT = 120_000_000_000L;

    @Test
    void flexTcpEchoAnswersEveryRequestOnEveryConnection() {
        FlexTcpRig rig = new FlexTcpRig(16, 16 * 1024, 1448);
        FlexTcpRig.echoServer(rig.server, 16 * 1024);
        FlexTcpRig.EchoClients clients = new FlexTcpRig.EchoClients(rig.client, 16, FlexTcpBenchmark.RPC_BYTES);
        rig.runUntil(() -> clients.completed, 2_000, NO_WALL_LIMIT, "echo");

        assertThat(clients.opened).isEqualTo(16);
        // Each answered request is 64 bytes each way through both fast paths.
        assertThat(rig.server.fastPath().segmentsSent()).isGreaterThanOrEqualTo(2_000);
        assertThat(rig.client.fastPath().segmentsSent()).isGreaterThanOrEqualTo(2_000);
        assertThat(rig.server.slowPathCounters()).containsEntry("passive_opens", 16L);
    }

    @Test
    void flexTcpBulkDeliversAndTimesBothNics() {
        FlexTcpRig rig = new FlexTcpRig(1, 256 * 1024, 1448);
        FlexTcpRig.Bulk bulk = new FlexTcpRig.Bulk(rig.client, rig.server, 256 * 1024);
        rig.client.timeFastPath(true);
        rig.server.timeFastPath(true);
        rig.runUntil(() -> bulk.bytesReceived, 4L << 20, NO_WALL_LIMIT, "bulk");

        assertThat(bulk.bytesReceived).isGreaterThanOrEqualTo(4L << 20);
        assertThat(rig.client.fastPathNanos()).isPositive();
        assertThat(rig.server.fastPathNanos()).isPositive();
    }

    @Test
    void flexTcpConnectionsOpenAndCloseOverAndOver() {
        FlexTcpRig rig = new FlexTcpRig(32, 4096, 1448);
        FlexTcpRig.Churn churn = new FlexTcpRig.Churn(rig.client, rig.server, FlexTcpBenchmark.CHURN_IN_FLIGHT);
        rig.runUntil(() -> churn.closed, 500, NO_WALL_LIMIT, "churn");

        assertThat(churn.closed).isGreaterThanOrEqualTo(500);
        assertThat(rig.client.slowPathCounters().get("active_opens")).isGreaterThanOrEqualTo(500L);
    }

    @Test
    @Timeout(120) // a guard against a hang, not a figure
    void linuxEchoAndChurnOverLoopback() throws Exception {
        try (LinuxLoopback server = new LinuxLoopback()) {
            LinuxLoopback.EchoClients echo = new LinuxLoopback.EchoClients(server.address(), 8, 64);
            echo.start("test-echo");
            awaitDone(echo, 2_000);
            echo.stopAndJoin();
            LinuxLoopback.Churn churn = new LinuxLoopback.Churn(server.address(), 4);
            churn.start("test-churn");
            awaitDone(churn, 200);
            churn.stopAndJoin();
            server.check();
        }
    }

    private static void awaitDone(LinuxLoopback.Client client, long target) throws InterruptedException {
        client.ready.await();
        // A failure on either thread surfaces through done() or check(); a hang through @Timeout.
        while (client.done() < target) {
            Thread.sleep(1);
        }
    }

    @Test
    void badSettingsNameTheOption() {
        assertThatThrownBy(() -> new FlexTcpBenchmark.Settings(List.of(0), 1, 1, List.of(), 0))
                .hasMessageContaining("--connections");
        assertThatThrownBy(() -> new FlexTcpBenchmark.Settings(List.of(1), 1, 1, List.of(100), 0))
                .hasMessageContaining("--bulk-mss");
        assertThatThrownBy(() -> new FlexTcpBenchmark.Settings(List.of(1), 0, 1, List.of(), 0))
                .hasMessageContaining("--seconds");
        assertThatThrownBy(() -> new FlexTcpBenchmark.Settings(List.of(1), 1, 1, List.of(), 30_000))
                .hasMessageContaining("--churn");
    }
}
