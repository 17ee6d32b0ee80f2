package io.nicplan.flexnic.runtime;

import io.nicplan.flexnic.pipeline.CompiledAction;
import io.nicplan.flexnic.pipeline.DirectCounter;
import io.nicplan.flexnic.program.TableEntry;

/**
 * An entry in the control path's table state: as written, its normalised key, its install
 * sequence number (ties between equal priorities go to the earlier one), its counter (kept by
 * MODIFY) and its compiled action.
 */
record InstalledEntry(TableEntry entry, EntryKey key, long sequence, DirectCounter counter, CompiledAction action) {
}
