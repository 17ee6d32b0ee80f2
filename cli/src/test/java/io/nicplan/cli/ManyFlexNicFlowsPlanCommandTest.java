package io.nicplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.app.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18, item 1, on the command line: {@code plan --nic builtin:flexnic --strategy greedy} with a
 * state of 3,000 UDP flows (one match-action entry each; this ended in a StackOverflowError's stack
 * trace once) prints the plan, with the embedder's re-check, and no stack trace.
 */
class ManyFlexNicFlowsPlanCommandTest {
    private static final int FLOWS = 3_000;

    @TempDir
    Path dir;

    @Test
    void aGreedyFlexNicPlanForThreeThousandUdpFlowsIsPrinted() throws IOException {
        Path state = Files.writeString(dir.resolve("state.json"), stateWithUdpFlows(FLOWS, 18), StandardCharsets.UTF_8);
        Path cost = Files.writeString(dir.resolve("cost.json"), Samples.demoCostJson(), StandardCharsets.UTF_8);

        CliRun run = CliRun.of("plan", "--nic", "builtin:flexnic", "--state", state.toString(), "--cost", cost.toString(),
                "--strategy", "greedy");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("plan for FlexNIC by greedy")
                .contains("embedder re-check: all " + FLOWS + " placements agree")
                .contains(FLOWS + " flows:");
        assertThat(run.out() + run.err()).doesNotContain("Exception", "Error", "\tat ");
    }

    /** The shipped memcached state with {@code n} distinct UDP flows to its port 11211 instead of its own, every fifth gold. */
    private static String stateWithUdpFlows(int n, long seed) throws IOException {
        ObjectNode state = (ObjectNode) Json.MAPPER.readTree(Samples.memcachedState());
        ArrayNode flows = state.putArray("flows");
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            ObjectNode f = flows.addObject();
            f.put("id", "u" + i);
            f.put("proto", "udp");
            f.put("src", "10.0." + (1 + i / 250) + "." + (1 + i % 250) + ":" + (20_000 + random.nextInt(40_000)));
            f.put("dst", "10.0.0.1:11211");
            if (i % 5 == 0) {
                f.put("class", "gold");
            }
            f.put("pps", 1_000 + random.nextInt(200_000));
            f.put("bytes", 64 + random.nextInt(1_400));
        }
        return Json.MAPPER.writeValueAsString(state);
    }
}
