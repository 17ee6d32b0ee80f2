package io.nicplan.flexnic.backend;

import io.nicplan.flexnic.pipeline.ParserConfig;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.runtime.Update;
import java.util.List;

/**
 * A NIC configuration as the emulator runs it: the program (tables per steering C-node, RSS
 * context, queues), the entries to write, the parser's checksum behaviour and the fast path's
 * entries.
 *
 * @param updates the entries and indirection table, in the order they must be written (a table's
 *     entries in chain order, so equal priorities keep the embedder's order)
 * @param fastPath the FlexTCP C-node's entries, first match wins (empty when the NIC has none)
 * @param notes configuration the emulator expresses differently from the graph, said plainly
 */
public record CompiledNic(String nic, FlexNicProgram program, ParserConfig parser, List<Update> updates,
                          FastPathTable fastPath, List<String> notes) {
    public CompiledNic {
        updates = List.copyOf(updates);
        notes = List.copyOf(notes);
    }
}
