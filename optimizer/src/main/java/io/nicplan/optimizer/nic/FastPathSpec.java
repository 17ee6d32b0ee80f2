package io.nicplan.optimizer.nic;

import java.util.Objects;

/** FlexNIC's {@code flextcp} C-node: how many connections the FlexTCP fast path holds. */
public record FastPathSpec(String nodeId, int slots) {
    public FastPathSpec {
        Objects.requireNonNull(nodeId, "nodeId");
        if (slots < 0) {
            throw new IllegalArgumentException("negative fast-path slots");
        }
    }
}
