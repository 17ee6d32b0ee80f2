package io.nicplan.flexnic.tcp.cc;

/**
 * One flow's congestion controller: called once per control interval with what the fast path
 * counted since the last call, answers the flow's new transmit rate. Rate-based, as TAS's slow
 * path is: the fast path paces each flow at its rate instead of keeping a window.
 */
public interface CongestionControl {

    /**
     * What the fast path counted for one flow during one control interval.
     *
     * @param nanos the interval's length
     * @param ackedBytes bytes the peer acknowledged
     * @param ecnBytes of those, bytes acknowledged with ECE (the peer saw them CE-marked)
     * @param drops go-back-N rewinds (three duplicate ACKs or a retransmission timeout)
     * @param rttMicros the fast path's RTT estimate, 0 before the first sample
     * @param backlogged whether the flow had unsent bytes at the end: its rate, not its
     *     application, held it back, so a larger rate would be used
     */
    record Interval(long nanos, long ackedBytes, long ecnBytes, int drops, int rttMicros, boolean backlogged) {
    }

    /** The rate to start with, in kbit/s. */
    long initialRateKbps();

    /**
     * @param interval the counter deltas of the interval that just ended
     * @return the new rate in kbit/s (at least 1)
     */
    long update(Interval interval);

    /** Makes one controller per flow. */
    @FunctionalInterface
    interface Factory {
        CongestionControl newFlow();
    }

    /** DCTCP rate-based with the given settings. */
    static Factory dctcp(Dctcp.Settings settings) {
        return () -> new Dctcp(settings);
    }

    /** TIMELY with the given settings. */
    static Factory timely(Timely.Settings settings) {
        return () -> new Timely(settings);
    }

    /** Every flow at one fixed rate (kbit/s). */
    static Factory fixedRate(long kbps) {
        if (kbps < 1) {
            throw new IllegalArgumentException("fixed rate must be >= 1 kbit/s, got " + kbps);
        }
        return () -> new CongestionControl() {
            @Override
            public long initialRateKbps() {
                return kbps;
            }

            @Override
            public long update(Interval interval) {
                return kbps;
            }
        };
    }
}
