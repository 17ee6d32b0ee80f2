package io.nicplan.flexnic.tcp;

import java.util.Locale;

/**
 * What the fast path did with a segment, and why; every segment is counted under exactly one
 * reason. The checks run in the declared order of the slow-path reasons, so a SYN to an unknown
 * flow counts as {@link #SYN}.
 */
public enum SegmentReason {
    // Handled in the NIC.
    /** A segment without payload or FIN: ACK processing only. */
    ACK_ONLY(Verdict.FAST_PATH),
    /** New in-order bytes (or an in-order FIN) placed in the receive buffer; ACKed. */
    IN_ORDER(Verdict.FAST_PATH),
    /** Bytes after a gap, kept in the out-of-order interval; a duplicate ACK sent. */
    OUT_OF_ORDER(Verdict.FAST_PATH),
    /** Bytes after a gap that do not touch the one out-of-order interval: discarded, duplicate ACK sent. */
    OUT_OF_ORDER_DISCARDED(Verdict.FAST_PATH),
    /** Nothing new (already received, or a zero window); ACKed so the peer learns where we are. */
    DUPLICATE(Verdict.FAST_PATH),
    // Dropped in the NIC.
    /** IPv4 header or TCP checksum wrong (with the parser set not to drop them itself). */
    BAD_CHECKSUM(Verdict.DROP),
    // To the slow path's queue.
    /** Not IPv4/TCP, or an IPv4 fragment. */
    NOT_TCP(Verdict.SLOW_PATH),
    /** The IPv4 header has options (TAS: anything odd goes to the slow path). */
    IP_OPTIONS(Verdict.SLOW_PATH),
    SYN(Verdict.SLOW_PATH),
    RST(Verdict.SLOW_PATH),
    /** Flags beyond ACK/PSH/ECE/CWR/FIN (URG), or no ACK. */
    UNEXPECTED_FLAGS(Verdict.SLOW_PATH),
    /** No flow state for the 4-tuple. */
    UNKNOWN_FLOW(Verdict.SLOW_PATH),
    /** No timestamp option, or an option area that does not parse. */
    NO_TIMESTAMP(Verdict.SLOW_PATH),
    /** Acknowledges data never sent, starts beyond the receive window, or carries data after the peer's FIN. */
    OUT_OF_WINDOW(Verdict.SLOW_PATH);

    /** Where a segment with this reason ends. */
    public enum Verdict { FAST_PATH, DROP, SLOW_PATH }

    private final Verdict verdict;

    SegmentReason(Verdict verdict) {
        this.verdict = verdict;
    }

    public Verdict verdict() {
        return verdict;
    }

    /** The counter name, e.g. {@code out_of_window}. */
    public String counterName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
