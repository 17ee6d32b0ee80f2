package io.nicplan.flexnic.tcp.cc;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.flexnic.tcp.cc.CongestionControl.Interval;
import org.junit.jupiter.api.Test;

class CongestionControlTest {

    private static final long INTERVAL = 50_000;

    @Test
    void dctcpDoublesInSlowStartCutsByHalfAlphaOnMarksHalvesOnDropsAndGrowsOnlyWhenBacklogged() {
        Dctcp slowStart = new Dctcp(Dctcp.Settings.defaults());
        assertThat(slowStart.update(new Interval(INTERVAL, 10_000, 0, 0, 20, true))).isEqualTo(20_000);
        assertThat(slowStart.update(new Interval(INTERVAL, 10_000, 0, 0, 20, true))).isEqualTo(40_000);
        assertThat(slowStart.update(new Interval(INTERVAL, 10_000, 0, 0, 20, false))).as("application-limited")
                .isEqualTo(40_000);

        Dctcp dctcp = new Dctcp(Dctcp.Settings.defaults());
        // Every byte marked: alpha stays 1 (it starts there), the rate halves and slow start ends.
        assertThat(dctcp.update(new Interval(INTERVAL, 10_000, 10_000, 0, 20, true))).isEqualTo(5_000);
        assertThat(dctcp.alpha()).isEqualTo(1.0);
        assertThat(dctcp.update(new Interval(INTERVAL, 10_000, 0, 0, 20, true))).as("additive increase").isEqualTo(15_000);
        assertThat(dctcp.alpha()).isEqualTo(15.0 / 16);
        // Half the bytes marked: alpha = 15/16 * 15/16 + 1/16 * 1/2, the rate falls by alpha / 2.
        double alpha = 15.0 / 16 * 15.0 / 16 + 1.0 / 32;
        assertThat(dctcp.update(new Interval(INTERVAL, 10_000, 5_000, 0, 20, true))).isEqualTo((long) (15_000 * (1 - alpha / 2)));
        assertThat(dctcp.update(new Interval(INTERVAL, 0, 0, 1, 20, true))).as("a drop halves")
                .isEqualTo((long) (15_000 * (1 - alpha / 2) / 2));
    }

    @Test
    void timelyGrowsBelowTLowCutsAboveTHighAndFollowsTheGradientBetween() {
        Timely timely = new Timely(Timely.Settings.defaults());
        assertThat(timely.update(new Interval(INTERVAL, 1, 0, 0, 30, true))).isEqualTo(20_000);
        // 1,000 us > T_high 500 us: rate *= 1 - 0.8 * (1 - 500/1000) = 0.6.
        assertThat(timely.update(new Interval(INTERVAL, 1, 0, 0, 1_000, true))).isEqualTo(12_000);
        // Between the thresholds with a falling RTT: increase.
        assertThat(timely.update(new Interval(INTERVAL, 1, 0, 0, 100, true))).isEqualTo(22_000);
        // Rising RTT: the smoothed difference is positive, the rate falls.
        assertThat(timely.update(new Interval(INTERVAL, 1, 0, 0, 400, true))).isLessThan(22_000);
    }

    @Test
    void aFixedRateNeverChanges() {
        CongestionControl fixed = CongestionControl.fixedRate(1_000_000).newFlow();
        assertThat(fixed.initialRateKbps()).isEqualTo(1_000_000);
        assertThat(fixed.update(new Interval(INTERVAL, 0, 0, 5, 0, true))).isEqualTo(1_000_000);
    }
}
