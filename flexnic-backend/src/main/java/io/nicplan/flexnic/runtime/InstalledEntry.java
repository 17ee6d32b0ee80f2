package io.nicplan.flexnic.runtime;

import io.nicplan.flexnic.pipeline.CompiledAction;
import io.nicplan.flexnic.program.TableEntry;

/**
 * An entry in the control path's table state: as written, its normalised key, its id (unique,
 * increasing with installation, kept by MODIFY: it names the entry's counters in compiled tables
 * and breaks ties between equal priorities in favour of the earlier entry) and its compiled action.
 */
record InstalledEntry(TableEntry entry, EntryKey key, long id, CompiledAction action) {
}
