package io.nicplan.flexnic.tcp.cc;

/**
 * DCTCP made rate-based, as TAS's slow path runs it (Alizadeh et al., SIGCOMM 2010, for the
 * marking fraction and alpha): per control interval, the fraction F of acknowledged bytes that
 * came back ECN-echoed updates {@code alpha = (1 - g) alpha + g F} (g = 1/16). A drop (three
 * duplicate ACKs or a timeout) halves the rate and ends slow start; marks cut it by
 * {@code alpha / 2} and end slow start; otherwise the rate doubles in slow start, and later
 * grows by a fixed step. The rate grows only while the flow is backlogged (unsent bytes at the
 * interval's end), so a flow its application holds back does not build a rate it would then
 * burst at.
 */
public final class Dctcp implements CongestionControl {

    /**
     * @param initialKbps the rate a new flow starts with
     * @param minKbps the rate never goes below
     * @param maxKbps the rate never goes above (the line rate)
     * @param stepKbps additive increase per interval after slow start
     * @param gShift g = 2^-gShift (DCTCP: 1/16)
     */
    public record Settings(long initialKbps, long minKbps, long maxKbps, long stepKbps, int gShift) {

        /** 10 Mbit/s to start, 10 kbit/s to 10 Gbit/s, 10 Mbit/s steps, g = 1/16. */
        public static Settings defaults() {
            return new Settings(10_000, 10, 10_000_000, 10_000, 4);
        }

        public Settings {
            if (minKbps < 1 || initialKbps < minKbps || maxKbps < initialKbps || stepKbps < 0 || gShift < 0
                    || gShift > 16) {
                throw new IllegalArgumentException("bad DCTCP settings: " + this);
            }
        }

        public Settings withMaxKbps(long kbps) {
            return new Settings(Math.min(initialKbps, kbps), Math.min(minKbps, kbps), kbps, stepKbps, gShift);
        }
    }

    private final Settings settings;
    private double rateKbps;
    /** Starts at 1, as Linux's DCTCP does: the first marks cut hard until the estimate has learnt. */
    private double alpha = 1.0;
    private boolean slowStart = true;

    public Dctcp(Settings settings) {
        this.settings = settings;
        this.rateKbps = settings.initialKbps();
    }

    @Override
    public long initialRateKbps() {
        return settings.initialKbps();
    }

    @Override
    public long update(Interval interval) {
        double g = 1.0 / (1 << settings.gShift());
        if (interval.ackedBytes() > 0) {
            double fraction = Math.min(1.0, (double) interval.ecnBytes() / interval.ackedBytes());
            alpha = (1 - g) * alpha + g * fraction;
        }
        if (interval.drops() > 0) {
            rateKbps /= 2;
            slowStart = false;
        } else if (interval.ecnBytes() > 0) {
            rateKbps *= 1 - alpha / 2;
            slowStart = false;
        } else {
            // Only grow a rate the flow is using (TAS: no increase while the flow sends below its rate).
            if (interval.backlogged()) {
                rateKbps = slowStart ? rateKbps * 2 : rateKbps + settings.stepKbps();
            }
        }
        rateKbps = Math.max(settings.minKbps(), Math.min(settings.maxKbps(), rateKbps));
        return (long) rateKbps;
    }

    /** The current marking estimate (for reports and tests). */
    public double alpha() {
        return alpha;
    }
}
