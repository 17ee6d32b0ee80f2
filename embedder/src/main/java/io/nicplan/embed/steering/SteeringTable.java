package io.nicplan.embed.steering;

import java.util.List;
import java.util.Objects;

/**
 * One steering table, named after the C-node it comes from: entries in lookup order (higher
 * priority first, equal priorities in configuration order) and a capacity (the C-node's list
 * bound). Packets no entry claims go on to the next table of the {@link SteeringProgram}.
 *
 * @param fields which header fields the table's key reads
 * @param kind how it looks up; every entry has this kind
 */
public record SteeringTable(String name, KeyFields fields, MatchKind kind, int capacity, List<SteeringEntry> entries) {

    /** The header fields a table's key reads. */
    public enum KeyFields {
        /** EtherType, IPv4 protocol, addresses and ports. */
        FIVE_TUPLE,
        /** EtherType, IPv4 protocol and TCP flags (the 82599's SYN filter). */
        TCP_FLAGS
    }

    public SteeringTable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(kind, "kind");
        entries = List.copyOf(entries);
        if (capacity < 1) {
            throw new IllegalArgumentException(name + ": capacity " + capacity + " < 1");
        }
        for (SteeringEntry e : entries) {
            if (e.kind() != kind) {
                throw new IllegalArgumentException(name + ": " + e.kind() + " entry in a " + kind + " table");
            }
        }
    }
}
