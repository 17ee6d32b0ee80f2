package io.nicplan.flexnic.tcp.host;

import io.nicplan.flexnic.clock.EventLoop;
import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.link.LinkSettings;
import io.nicplan.flexnic.link.SimulatedLink;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.util.function.UnaryOperator;

/** Two FlexTCP hosts on one simulated clock, joined by a duplex simulated link. */
final class TwoHosts {

    static final Ipv4Address IP_A = Ipv4Address.parse("10.7.0.1");
    static final Ipv4Address IP_B = Ipv4Address.parse("10.7.0.2");
    static final MacAddress MAC_A = MacAddress.parse("02:00:00:07:00:01");
    static final MacAddress MAC_B = MacAddress.parse("02:00:00:07:00:02");
    /** 2023-11-14, so captures carry a plausible date. */
    static final long START = 1_700_000_000_000_000_000L;

    final EventLoop loop = new EventLoop(new SimulatedClock(START));
    final FlexTcpHost a;
    final FlexTcpHost b;
    /** A to B, and B to A. */
    final SimulatedLink aToB;
    final SimulatedLink bToA;

    TwoHosts(LinkSettings link, UnaryOperator<HostConfig> configure) {
        a = new FlexTcpHost(configure.apply(HostConfig.defaults(IP_A, MAC_A).withSeed(11)), loop);
        b = new FlexTcpHost(configure.apply(HostConfig.defaults(IP_B, MAC_B).withSeed(22)), loop);
        SimulatedLink[] wire = SimulatedLink.duplex(loop, link, (f, o, l, t) -> a.receive(f, o, l),
                (f, o, l, t) -> b.receive(f, o, l));
        aToB = wire[0];
        bToA = wire[1];
        a.connectWire(aToB);
        b.connectWire(bToA);
    }

    long nanos() {
        return loop.clock().nanos() - START;
    }
}
