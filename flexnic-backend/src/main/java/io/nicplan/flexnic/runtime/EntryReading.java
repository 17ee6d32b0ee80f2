package io.nicplan.flexnic.runtime;

import io.nicplan.flexnic.program.CounterValue;
import io.nicplan.flexnic.program.TableEntry;

/** An installed entry as read back, with its direct counter. */
public record EntryReading(TableEntry entry, CounterValue counter) {
}
