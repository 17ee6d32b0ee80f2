package io.nicplan.flexnic.runtime;

import io.nicplan.flexnic.program.FieldMatch;
import io.nicplan.flexnic.program.FieldValues;
import io.nicplan.flexnic.program.KeyField;
import io.nicplan.flexnic.program.MatchKind;
import io.nicplan.flexnic.program.TableKind;
import io.nicplan.flexnic.program.TableSpec;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.graph.predicate.HeaderField;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a table entry's match and priority as P4Runtime does and turns it into an
 * {@link EntryKey}: every exact field given; ternary {@code value & mask == value} and mask not
 * 0 (omit the field for a wildcard); LPM prefix length 1..width (omit for /0) with the bits
 * after the prefix zero; values within the field's width; priority at least 1 exactly when the
 * table is ternary. An exact match on a ternary or LPM field means a full mask or prefix.
 */
final class EntryNormalizer {

    private EntryNormalizer() {
    }

    static EntryKey normalize(TableSpec table, TableEntry entry) throws UpdateRejected {
        String where = "table " + table.name() + ": ";
        List<KeyField> key = table.key();
        Map<HeaderField, FieldMatch> given = new HashMap<>();
        for (FieldMatch m : entry.matches()) {
            if (key.stream().noneMatch(k -> k.field() == m.field())) {
                throw invalid(where + "field " + m.field() + " is not part of the key " + key);
            }
            if (given.put(m.field(), m) != null) {
                throw invalid(where + "field " + m.field() + " is matched twice");
            }
        }
        long[] values = new long[key.size()];
        long[] masks = new long[key.size()];
        int prefixWeight = 0;
        for (int i = 0; i < key.size(); i++) {
            KeyField k = key.get(i);
            HeaderField field = k.field();
            long full = field.fullMask();
            FieldMatch m = given.get(field);
            long value;
            long mask;
            if (m == null) {
                if (k.kind() == MatchKind.EXACT) {
                    throw invalid(where + "exact field " + field + " must be given");
                }
                value = 0;
                mask = 0;
            } else if (m instanceof FieldMatch.Exact e) {
                value = e.value();
                mask = full;
            } else if (m instanceof FieldMatch.Ternary t) {
                if (k.kind() != MatchKind.TERNARY) {
                    throw invalid(where + "field " + field + " matches " + kindName(k) + ", not ternary");
                }
                value = t.value();
                mask = t.mask();
                if ((mask & ~full) != 0) {
                    throw invalid(where + "mask " + FieldValues.format(field, mask) + " is wider than " + field
                            + " (" + field.width() + " bits)");
                }
                if (mask == 0) {
                    throw invalid(where + "ternary mask of " + field + " is 0; omit the field for a wildcard");
                }
                if ((value & ~mask) != 0) {
                    throw invalid(where + "ternary value " + FieldValues.format(field, value) + " has bits outside mask "
                            + FieldValues.format(field, mask) + " for " + field);
                }
            } else {
                FieldMatch.Lpm l = (FieldMatch.Lpm) m;
                if (k.kind() == MatchKind.EXACT) {
                    throw invalid(where + "field " + field + " matches exact, not lpm");
                }
                if (l.prefixLength() < 1 || l.prefixLength() > field.width()) {
                    throw invalid(where + "prefix length of " + field + " must be 1.." + field.width() + ", got "
                            + l.prefixLength() + (l.prefixLength() == 0 ? " (omit the field for /0)" : ""));
                }
                value = l.value();
                mask = full & ~((1L << (field.width() - l.prefixLength())) - 1);
                if ((value & ~mask) != 0 && (value & ~full) == 0) {
                    throw invalid(where + "lpm value " + FieldValues.format(field, value) + "/" + l.prefixLength()
                            + " has bits set after the prefix");
                }
            }
            if (value < 0 || (value & ~full) != 0) {
                throw invalid(where + "value 0x" + Long.toHexString(value) + " does not fit " + field + " ("
                        + field.width() + " bits)");
            }
            values[i] = value;
            masks[i] = mask;
            if (k.kind() == MatchKind.LPM) {
                prefixWeight += Long.bitCount(mask);
            }
        }
        int priority = entry.priority();
        if (table.needsPriority()) {
            if (priority < 1) {
                throw invalid(where + "a ternary table's entries need a priority >= 1 (higher wins), got " + priority);
            }
        } else if (priority != 0) {
            throw invalid(where + "priority is only for ternary tables; this " + table.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " table's entries must leave it 0, got " + priority);
        }
        int rankWeight = table.kind() == TableKind.LPM ? prefixWeight : priority;
        return new EntryKey(values, masks, priority, rankWeight);
    }

    private static String kindName(KeyField k) {
        return k.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static UpdateRejected invalid(String message) {
        return new UpdateRejected(StatusCode.INVALID_ARGUMENT, message);
    }
}
