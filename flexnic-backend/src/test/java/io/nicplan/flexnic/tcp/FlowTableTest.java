package io.nicplan.flexnic.tcp;

import io.nicplan.flexnic.program.FlowSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlowTableTest {

    private static FlowSpec spec(int localIp, int remoteIp, int localPort, int remotePort) {
        return FlowSpec.of(localIp, remoteIp, localPort, remotePort, 0x020000000002L, 0, 16, 16, 16, 1, 1);
    }

    @Test
    void theSlotsAreAnExhaustibleResource() {
        FlowTable table = new FlowTable(2, 64);
        assertThat(table.install(spec(1, 2, 3, 4))).isPresent();
        assertThat(table.install(spec(1, 2, 3, 5))).isPresent();
        assertThat(table.install(spec(1, 2, 3, 6))).isEmpty();
        table.remove(table.lookup(1, 2, 3, 4));
        assertThat(table.install(spec(1, 2, 3, 6))).isPresent();
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void aFlowIsInstalledOnceAndItsBuffersLieInHostMemory() {
        FlowTable table = new FlowTable(4, 64);
        table.install(spec(1, 2, 3, 4));
        assertThatThrownBy(() -> table.install(spec(1, 2, 3, 4))).hasMessageContaining("already installed");
        assertThatThrownBy(() -> table.install(FlowSpec.of(1, 2, 3, 9, 0, 60, 16, 0, 16, 1, 1)))
                .hasMessageContaining("outside host memory");
    }

    /** Random installs and removes against a HashMap: lookups agree (backward-shift deletion keeps every probe chain whole). */
    @Test
    void lookupsAgreeWithAMapThroughRandomInstallsAndRemoves() {
        FlowTable table = new FlowTable(1000, 64);
        Map<List<Integer>, Integer> model = new HashMap<>();
        Random random = new Random(13);
        for (int step = 0; step < 50_000; step++) {
            // A small key space so that removes, re-installs and collisions are frequent.
            List<Integer> key = List.of(random.nextInt(4), random.nextInt(4), random.nextInt(8), random.nextInt(64));
            Integer slot = model.get(key);
            if (slot != null && random.nextBoolean()) {
                table.remove(slot);
                model.remove(key);
            } else if (slot == null && model.size() < 1000) {
                model.put(key, table.install(spec(key.get(0), key.get(1), key.get(2), key.get(3))).orElseThrow());
            }
            if (step % 1000 == 0) {
                for (int i = 0; i < 200; i++) {
                    List<Integer> probe = List.of(random.nextInt(4), random.nextInt(4), random.nextInt(8), random.nextInt(64));
                    assertThat(table.lookup(probe.get(0), probe.get(1), probe.get(2), probe.get(3)))
                            .isEqualTo(model.getOrDefault(probe, -1));
                }
            }
        }
        List<Integer> slots = new ArrayList<>(model.values());
        assertThat(table.size()).isEqualTo(slots.size());
    }
}
