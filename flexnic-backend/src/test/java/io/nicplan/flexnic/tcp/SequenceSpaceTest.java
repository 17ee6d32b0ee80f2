package io.nicplan.flexnic.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SequenceSpaceTest {

    /** The reference's sequence-space vectors (from the public TAS fast path's unit tests). */
    @ParameterizedTest(name = "next {0}, avail {1}, seq {2}, len {3} -> {4} trim {5}/{6}")
    @CsvSource({
        "2048, 8192, 2048, 1400, true, 0, 0",
        "2048, 8192, 2000, 1400, true, 48, 0",
        "2048, 1000, 2000, 1400, true, 48, 352",
        "2048, 8192, 2049, 1400, false, 0, 0",
        "4294965248, 8192, 4294965200, 1400, true, 48, 0",
        "4294966784, 1000, 4294966700, 1400, true, 84, 316",
        "4294966784, 8192, 4294966785, 1400, false, 0, 0",
    })
    void trimsSegmentsToTheWindowModulo2To32(long rxNextSeq, int rxAvail, long seq, int length, boolean accepted,
            int trimStart, int trimEnd) {
        long trim = SequenceSpace.trim((int) rxNextSeq, rxAvail, (int) seq, length);
        assertThat(trim != SequenceSpace.NOT_IN_ORDER).isEqualTo(accepted);
        if (accepted) {
            assertThat(SequenceSpace.trimStart(trim)).isEqualTo(trimStart);
            assertThat(SequenceSpace.trimEnd(trim)).isEqualTo(trimEnd);
        }
    }

    @ParameterizedTest
    @CsvSource({"4294967295, 0, true", "0, 4294967295, false", "100, 200, true", "2147483647, 2147483648, true"})
    void ordersAcrossTheWrap(long a, long b, boolean before) {
        assertThat(SequenceSpace.before((int) a, (int) b)).isEqualTo(before);
    }
}
