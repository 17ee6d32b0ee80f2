package io.nicplan.flexnic.tcp.cc;

/**
 * TIMELY (Mittal et al., SIGCOMM 2015), the RTT-gradient controller TAS offers besides DCTCP:
 * below {@code tLow} the rate grows additively, above {@code tHigh} it falls in proportion to
 * how far the RTT is above it; in between the smoothed RTT difference, normalised by the
 * minimum RTT, decides: a falling or flat RTT grows the rate (by five steps after five such
 * intervals in a row, TIMELY's hyperactive increase), a rising one cuts it by
 * {@code beta * gradient}. A drop halves the rate.
 *
 * @see Settings
 */
public final class Timely implements CongestionControl {

    /**
     * @param initialKbps start rate
     * @param minKbps lower bound
     * @param maxKbps upper bound (line rate)
     * @param stepKbps additive increase (TIMELY's delta)
     * @param tLowMicros below this RTT always increase
     * @param tHighMicros above this RTT always decrease
     * @param minRttMicros the propagation RTT the gradient is normalised by
     * @param ewma weight of a new RTT difference (TIMELY's alpha)
     * @param beta multiplicative decrease factor
     */
    public record Settings(long initialKbps, long minKbps, long maxKbps, long stepKbps, int tLowMicros, int tHighMicros,
            int minRttMicros, double ewma, double beta) {

        /** The paper's 10 Gbit/s settings scaled to a microsecond fabric: T_low 50 us, T_high 500 us. */
        public static Settings defaults() {
            return new Settings(10_000, 10, 10_000_000, 10_000, 50, 500, 20, 0.875, 0.8);
        }

        public Settings {
            if (minKbps < 1 || initialKbps < minKbps || maxKbps < initialKbps || tLowMicros < 0 || tHighMicros <= tLowMicros
                    || minRttMicros < 1 || ewma <= 0 || ewma > 1 || beta <= 0 || beta >= 1) {
                throw new IllegalArgumentException("bad TIMELY settings: " + this);
            }
        }
    }

    private static final int HYPERACTIVE_AFTER = 5;

    private final Settings settings;
    private double rateKbps;
    private int previousRtt;
    private double rttDifference;
    private int increasesInARow;

    public Timely(Settings settings) {
        this.settings = settings;
        this.rateKbps = settings.initialKbps();
    }

    @Override
    public long initialRateKbps() {
        return settings.initialKbps();
    }

    @Override
    public long update(Interval interval) {
        int rtt = interval.rttMicros();
        if (interval.drops() > 0) {
            rateKbps /= 2;
            increasesInARow = 0;
        } else if (rtt > 0) {
            if (previousRtt > 0) {
                rttDifference = (1 - settings.ewma()) * rttDifference + settings.ewma() * (rtt - previousRtt);
            }
            previousRtt = rtt;
            double gradient = rttDifference / settings.minRttMicros();
            if (rtt < settings.tLowMicros()) {
                increase();
            } else if (rtt > settings.tHighMicros()) {
                rateKbps *= 1 - settings.beta() * (1 - (double) settings.tHighMicros() / rtt);
                increasesInARow = 0;
            } else if (gradient <= 0) {
                increase();
            } else {
                rateKbps *= 1 - settings.beta() * Math.min(1.0, gradient);
                increasesInARow = 0;
            }
        }
        rateKbps = Math.max(settings.minKbps(), Math.min(settings.maxKbps(), rateKbps));
        return (long) rateKbps;
    }

    private void increase() {
        increasesInARow++;
        rateKbps += settings.stepKbps() * (increasesInARow >= HYPERACTIVE_AFTER ? HYPERACTIVE_AFTER : 1);
    }
}
