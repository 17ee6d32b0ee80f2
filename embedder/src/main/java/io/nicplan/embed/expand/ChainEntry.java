package io.nicplan.embed.expand;

import io.nicplan.embed.steering.FilterMatch;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One entry of a filter chain as installed: its configuration-order sequence number, priority,
 * match and action, and where matched packets go once the action's helper nodes are passed.
 *
 * @param seq position in configuration order; grows with every insertion and is never reused, so
 *     it orders entries of equal priority as the configuration list does
 * @param targets the nodes matched packets reach (after a FlexTCP or mark node, if any)
 * @param mark the value the action writes to {@code meta.mark}, if it writes one
 */
public record ChainEntry(long seq, int priority, FilterMatch match, ChainAction action, List<String> targets, OptionalLong mark) {
    /** Highest priority any chain function uses (FlexNIC match-action tables: 0..65535). */
    public static final int MAX_PRIORITY = 65_535;

    public ChainEntry {
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(action, "action");
        targets = List.copyOf(targets);
        Objects.requireNonNull(mark, "mark");
        if (priority < 0 || priority > MAX_PRIORITY || seq < 0 || seq >= (1L << 40)) {
            throw new IllegalArgumentException("priority " + priority + " or sequence " + seq + " out of range");
        }
    }

    /** Chain order: higher priority first, then configuration order. Lower rank wins. */
    public long rank() {
        return ((long) (MAX_PRIORITY - priority) << 40) | seq;
    }
}
