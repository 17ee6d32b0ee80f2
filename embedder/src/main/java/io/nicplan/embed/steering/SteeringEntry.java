package io.nicplan.embed.steering;

import java.util.Objects;

/**
 * One match entry of a {@link SteeringTable}: the packets it matches, how they are looked up, its
 * priority (0..65535, higher wins; {@link MatchKind#EXACT} entries never overlap, so a backend may
 * ignore theirs) and what happens to them.
 *
 * @param tcpFlags TCP flags to match under a mask ({@link TcpFlagsMatch#ANY} for tables that do not read them)
 */
public record SteeringEntry(FilterMatch match, TcpFlagsMatch tcpFlags, MatchKind kind, int priority, SteeringAction action) {
    /** Highest priority (FlexNIC match-action tables: 0..65535). */
    public static final int MAX_PRIORITY = 65_535;

    public SteeringEntry {
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(tcpFlags, "tcpFlags");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(action, "action");
        if (priority < 0 || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("priority " + priority + " not in 0.." + MAX_PRIORITY);
        }
        if (kind == MatchKind.EXACT && (!match.isExactFiveTuple() || match.ethType() < 0 || tcpFlags.mask() != 0)) {
            throw new IllegalArgumentException("an exact entry needs an exact five-tuple with EtherType, got " + match);
        }
    }

    /** An entry on the five-tuple fields only. */
    public static SteeringEntry of(FilterMatch match, MatchKind kind, int priority, SteeringAction action) {
        return new SteeringEntry(match, TcpFlagsMatch.ANY, kind, priority, action);
    }

    /** TCP flags under a mask: a packet matches when {@code flags & mask == value}. */
    public record TcpFlagsMatch(int value, int mask) {
        /** Flags not read. */
        public static final TcpFlagsMatch ANY = new TcpFlagsMatch(0, 0);

        public TcpFlagsMatch {
            if ((value & ~mask) != 0 || (mask & ~0xFF) != 0) {
                throw new IllegalArgumentException("TCP flags 0x" + Integer.toHexString(value) + " outside mask 0x"
                        + Integer.toHexString(mask));
            }
        }
    }
}
