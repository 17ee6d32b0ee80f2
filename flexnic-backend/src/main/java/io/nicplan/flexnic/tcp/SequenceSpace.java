package io.nicplan.flexnic.tcp;

/**
 * TCP sequence-number arithmetic modulo 2^32 (RFC 793 section 3.3, RFC 1982): the one place the
 * fast path compares or trims sequence numbers. Sequence numbers are plain {@code int}s; a
 * difference {@code a - b} read as a signed int says whether {@code a} is before or after
 * {@code b}, which holds while the two are less than 2^31 apart (a window is at most 2^30).
 */
final class SequenceSpace {

    /** {@link #trim} result for a segment that does not contain the next expected byte. */
    public static final long NOT_IN_ORDER = -1L;

    private SequenceSpace() {
    }

    /** Signed distance from {@code from} to {@code to}: positive when {@code to} is after {@code from}. */
    public static int distance(int from, int to) {
        return to - from;
    }

    /** True if {@code a} comes before {@code b} in sequence space. */
    public static boolean before(int a, int b) {
        return a - b < 0;
    }

    /**
     * Trims a segment to the receive window for in-order placement (TAS fast path step 4): the
     * segment {@code [seq, seq + length)} must contain {@code rxNextSeq}; the bytes before it
     * (already received) are cut from the front, and the bytes beyond {@code rxNextSeq + rxAvail}
     * from the back.
     *
     * @return {@link #NOT_IN_ORDER} if the segment starts after {@code rxNextSeq} or ends at or
     *     before it (nothing new), else the trim packed as {@code trimStart << 32 | trimEnd}
     *     (read with {@link #trimStart} and {@link #trimEnd})
     */
    public static long trim(int rxNextSeq, int rxAvail, int seq, int length) {
        long start = distance(rxNextSeq, seq);
        if (start > 0 || start + length <= 0) {
            return NOT_IN_ORDER;
        }
        long trimStart = -start;
        long usable = length - trimStart;
        long trimEnd = Math.max(0, usable - Integer.toUnsignedLong(rxAvail));
        return trimStart << 32 | trimEnd;
    }

    /** Bytes cut from the front of a segment by {@link #trim}. */
    public static int trimStart(long trim) {
        return (int) (trim >>> 32);
    }

    /** Bytes cut from the back of a segment by {@link #trim}. */
    public static int trimEnd(long trim) {
        return (int) trim;
    }
}
