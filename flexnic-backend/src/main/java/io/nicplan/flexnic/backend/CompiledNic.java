package io.nicplan.flexnic.backend;

import io.nicplan.flexnic.pipeline.ParserConfig;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.runtime.Update;
import java.util.List;

/**
 * A NIC configuration as the emulator runs it: the program (tables per steering C-node, RSS
 * context, queues), the entries to write, the parser's checksum behaviour and the FlexTCP plan.
 *
 * @param updates the entries and indirection table, in the order they must be written (a table's
 *     entries in chain order, so equal priorities keep the embedder's order)
 * @param flexTcp the FlexTCP C-node's connections, slow-path steering and flow-state slots
 *     ({@link FlexTcpPlan#none()} when the NIC has none)
 * @param hasFlexTcp whether the NIC has a FlexTCP C-node (a FlexTCP fast path is attached after install)
 * @param notes configuration the emulator expresses differently from the graph, said plainly
 */
public record CompiledNic(String nic, FlexNicProgram program, ParserConfig parser, List<Update> updates,
                          FlexTcpPlan flexTcp, boolean hasFlexTcp, List<String> notes) {
    public CompiledNic {
        updates = List.copyOf(updates);
        notes = List.copyOf(notes);
    }

    /** The same configuration on a NIC with {@code slots} flow-state slots (to test exhaustion). */
    public CompiledNic withFlowSlots(int slots) {
        return new CompiledNic(nic, program, parser, updates, flexTcp.withFlowSlots(slots), hasFlexTcp, notes);
    }
}
