package io.nicplan.flexnic.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.flexnic.clock.EventLoop;
import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.tcp.host.FlexTcpHost;
import io.nicplan.flexnic.tcp.host.HostConfig;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** What a TAP device and its wire refuse: bad names and prefixes, taken names, simulated clocks, a second thread. */
class TapDeviceTest {

    private static final Ipv4Address KERNEL = Ipv4Address.parse("10.213.16.1");

    @Test
    void badNamesAndPrefixesAreRefusedBeforeAnythingIsMade() {
        assertThatThrownBy(() -> TapDevice.create("a name", KERNEL, 24)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1-15 letters");
        assertThatThrownBy(() -> TapDevice.create("sixteen-chars-xx", KERNEL, 24))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TapDevice.create("nptap16", KERNEL, 31)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix length");
    }

    @Test
    void anExistingInterfaceIsNotTakenOver() {
        assertThatThrownBy(() -> TapDevice.create("lo", KERNEL, 24)).isInstanceOf(IOException.class)
                .hasMessageContaining("lo exists already");
    }

    @Test
    void aHostOnASimulatedClockCannotBeWiredToTheKernel() throws IOException {
        TapFixture.assumeTapDevices();
        try (TapDevice tap = TapDevice.create("nptap16", KERNEL, 24)) {
            FlexTcpHost simulated = new FlexTcpHost(HostConfig.defaults(Ipv4Address.parse("10.213.16.2"),
                    MacAddress.parse("02:00:0a:d5:10:02")), new EventLoop(new SimulatedClock(0)));
            assertThatThrownBy(() -> TapWire.attach(simulated, tap)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("wall clock");
        }
        assertThat(TapFixture.interfaceExists("nptap16")).isFalse();
    }

    @Test
    void onlyTheThreadThatFirstStepsDrivesTheWire() throws Exception {
        try (TapFixture net = TapFixture.open(17)) {
            net.wire.step();
            CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> {
                try {
                    return net.wire.step();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(other::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("is driven by");
        }
    }
}
