package io.nicplan.flexnic.program;

import java.util.Objects;

/** A host ring the NIC writes DMA records into: a number of slots of a fixed size in bytes. */
public record DmaRingSpec(String name, int slots, int slotSize) {

    public DmaRingSpec {
        Objects.requireNonNull(name, "name");
    }
}
