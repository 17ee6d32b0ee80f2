package io.nicplan.flexnic.wire;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nicplan.flexnic.clock.EventLoop;
import io.nicplan.flexnic.clock.WallClock;
import io.nicplan.flexnic.tcp.host.FlexTcpHost;
import io.nicplan.flexnic.tcp.host.HostConfig;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A FlexTCP host on the wall clock wired to a fresh TAP device: the kernel at 10.213.N.1/24, the
 * emulated NIC at 10.213.N.2. Each test class takes its own N (so its device name and subnet),
 * and the device is gone once {@link #close} returned. Skips the test, saying why, where TAP
 * devices cannot be made.
 */
final class TapFixture implements AutoCloseable {

    final TapDevice tap;
    final FlexTcpHost host;
    final TapWire wire;
    final Ipv4Address kernelIp;
    final Ipv4Address nicIp;

    private TapFixture(TapDevice tap, FlexTcpHost host, TapWire wire, Ipv4Address kernelIp, Ipv4Address nicIp) {
        this.tap = tap;
        this.host = host;
        this.wire = wire;
        this.kernelIp = kernelIp;
        this.nicIp = nicIp;
    }

    static void assumeTapDevices() {
        Optional<String> why = TapDevice.unavailableReason();
        why.ifPresent(reason -> System.out.println("skipped: " + reason));
        assumeTrue(why.isEmpty(), () -> why.orElse(""));
    }

    /** Buffers of 256 KiB each way, room for 64 connections. */
    static TapFixture open(int n) throws IOException {
        assumeTapDevices();
        Ipv4Address kernel = Ipv4Address.parse("10.213." + n + ".1");
        Ipv4Address nic = Ipv4Address.parse("10.213." + n + ".2");
        TapDevice tap = TapDevice.create("nptap" + n, kernel, 24);
        EventLoop loop = new EventLoop(new WallClock());
        FlexTcpHost host = new FlexTcpHost(HostConfig.defaults(nic, MacAddress.parse("02:00:0a:d5:00:" + String.format("%02x", n)))
                .withBufferBytes(256 * 1024), loop);
        return new TapFixture(tap, host, TapWire.attach(host, tap), kernel, nic);
    }

    static boolean interfaceExists(String name) {
        return Files.exists(Path.of("/sys/class/net", name));
    }

    @Override
    public void close() {
        wire.close();
    }
}
