package io.nicplan.optimizer.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The linux target's RSS tables are ones {@code ethtool -X} sets: {@code equal N}, or one run per queue in queue order. */
class EthtoolRssTableTest {
    /** Whether the table is runs of the queues in ascending order, each queue at least once (ethtool's weight fill). */
    private static boolean isRunsInQueueOrder(int[] table, List<Integer> queues) {
        int at = 0;
        for (int q : queues) {
            int start = at;
            while (at < table.length && table[at] == q) {
                at++;
            }
            if (at == start) {
                return false;
            }
        }
        return at == table.length;
    }

    @Test
    void queuesZeroToNWithNoHashedLoadKeepTheRoundRobinTableEthtoolCallsEqualN() {
        int[] t = EthtoolRssTable.choose(List.of(0, 1, 2, 3), new long[16]);
        assertThat(t).containsExactly(0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3);
    }

    @Test
    void queuesThatAreNotZeroToNGetEqualRunsWhereNoFlowIsHashed() {
        List<Integer> queues = List.of(2, 3, 5);
        int[] t = EthtoolRssTable.choose(queues, new long[12]);
        assertThat(isRunsInQueueOrder(t, queues)).as(Arrays.toString(t)).isTrue();
        assertThat(t).containsExactly(2, 2, 2, 2, 3, 3, 3, 3, 5, 5, 5, 5);
    }

    @Test
    void runsFollowTheHashedLoadWhereRoundRobinWouldPileItOnOneQueue() {
        // entries 0, 2, 4, 6 carry all the load: round robin over 0..1 sends it all to queue 0
        long[] load = {10, 0, 10, 0, 10, 0, 10, 0};
        int[] t = EthtoolRssTable.choose(List.of(0, 1), load);
        assertThat(isRunsInQueueOrder(t, List.of(0, 1))).as(Arrays.toString(t)).isTrue();
        long q0 = 0;
        for (int i = 0; i < t.length; i++) {
            q0 += t[i] == 0 ? load[i] : 0;
        }
        assertThat(q0).isEqualTo(20);
    }
}
