package io.nicplan.flexnic.tcp.host;

import io.nicplan.flexnic.tcp.FastPathConfig;
import io.nicplan.flexnic.tcp.cc.CongestionControl;
import io.nicplan.flexnic.tcp.cc.Dctcp;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.util.Objects;

/**
 * How a {@link FlexTcpHost} is set up.
 *
 * @param ip the host's IPv4 address (the NIC answers ARP for it)
 * @param mac the NIC port's MAC address
 * @param flowSlots FlexTCP flow-state slots in the NIC (the description's {@code flowstate_slots})
 * @param maxConnections connections the host has buffers for (each one receive and one transmit buffer)
 * @param bufferBytes each buffer's size (TAS: 8 KB by default; larger here for 10 Gbit/s paths)
 * @param mss the largest payload per segment, timestamps included in the headers (1448 on a 1500 MTU)
 * @param ecn whether connections ask for ECN (RFC 3168), which DCTCP needs
 * @param congestionControl one controller per flow
 * @param controlIntervalNanos the shortest control interval (TAS: 2 RTTs, at least 50 us)
 * @param handshakeTimeoutNanos SYN and SYN-ACK retransmission time (TAS: 10 ms)
 * @param handshakeRetries retransmissions before a handshake fails (TAS: 10)
 * @param timeWaitNanos how long an actively closed connection stays in TIME-WAIT (Linux: 60 s)
 * @param seed initial sequence numbers and ephemeral ports come from a generator with this seed
 */
public record HostConfig(Ipv4Address ip, MacAddress mac, int flowSlots, int maxConnections, int bufferBytes, int mss,
        boolean ecn, CongestionControl.Factory congestionControl, long controlIntervalNanos, long handshakeTimeoutNanos,
        int handshakeRetries, long timeWaitNanos, long seed) {

    /** A buffer's largest size: window scaling (RFC 7323) reaches 2^30. */
    public static final int MAX_BUFFER = 1 << 30;

    public HostConfig {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(congestionControl, "congestionControl");
        if (flowSlots < 1 || maxConnections < 1 || bufferBytes < 1 || bufferBytes > MAX_BUFFER
                || (long) maxConnections * bufferBytes * 2 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("flowSlots, maxConnections and bufferBytes must be >= 1 and the buffers fit 2 GB: "
                    + flowSlots + ", " + maxConnections + ", " + bufferBytes);
        }
        if (mss < 1 || mss > 9000 || controlIntervalNanos < 1 || handshakeTimeoutNanos < 1 || handshakeRetries < 0
                || timeWaitNanos < 0) {
            throw new IllegalArgumentException("bad host settings: mss " + mss + ", control interval " + controlIntervalNanos
                    + ", handshake " + handshakeTimeoutNanos + " x " + handshakeRetries + ", TIME-WAIT " + timeWaitNanos);
        }
    }

    /**
     * TAS's defaults where it has them: 1,024 flow slots, buffers for 64 connections of 64 KiB
     * each way (8 MB of host memory), MSS 1448, ECN, DCTCP, 50 us control interval, 10 ms x 10
     * handshake retries, 60 s TIME-WAIT.
     */
    public static HostConfig defaults(Ipv4Address ip, MacAddress mac) {
        return new HostConfig(ip, mac, 1024, 64, 64 * 1024, FastPathConfig.DEFAULT_MSS, true,
                CongestionControl.dctcp(Dctcp.Settings.defaults()), 50_000, 10_000_000, 10, 60_000_000_000L, 1);
    }

    public HostConfig withSlots(int newFlowSlots, int newMaxConnections) {
        return new HostConfig(ip, mac, newFlowSlots, newMaxConnections, bufferBytes, mss, ecn, congestionControl,
                controlIntervalNanos, handshakeTimeoutNanos, handshakeRetries, timeWaitNanos, seed);
    }

    public HostConfig withBufferBytes(int bytes) {
        return new HostConfig(ip, mac, flowSlots, maxConnections, bytes, mss, ecn, congestionControl, controlIntervalNanos,
                handshakeTimeoutNanos, handshakeRetries, timeWaitNanos, seed);
    }

    public HostConfig withMss(int bytes) {
        return new HostConfig(ip, mac, flowSlots, maxConnections, bufferBytes, bytes, ecn, congestionControl,
                controlIntervalNanos, handshakeTimeoutNanos, handshakeRetries, timeWaitNanos, seed);
    }

    public HostConfig withCongestionControl(CongestionControl.Factory factory) {
        return new HostConfig(ip, mac, flowSlots, maxConnections, bufferBytes, mss, ecn, factory, controlIntervalNanos,
                handshakeTimeoutNanos, handshakeRetries, timeWaitNanos, seed);
    }

    public HostConfig withEcn(boolean enabled) {
        return new HostConfig(ip, mac, flowSlots, maxConnections, bufferBytes, mss, enabled, congestionControl,
                controlIntervalNanos, handshakeTimeoutNanos, handshakeRetries, timeWaitNanos, seed);
    }

    public HostConfig withTimeWait(long nanos) {
        return new HostConfig(ip, mac, flowSlots, maxConnections, bufferBytes, mss, ecn, congestionControl,
                controlIntervalNanos, handshakeTimeoutNanos, handshakeRetries, nanos, seed);
    }

    public HostConfig withSeed(long newSeed) {
        return new HostConfig(ip, mac, flowSlots, maxConnections, bufferBytes, mss, ecn, congestionControl,
                controlIntervalNanos, handshakeTimeoutNanos, handshakeRetries, timeWaitNanos, newSeed);
    }

    /** The window shift (RFC 7323) that lets a 16-bit window field announce a whole buffer. */
    int windowShift() {
        int shift = 0;
        while ((bufferBytes >>> shift) > 0xffff) {
            shift++;
        }
        return Math.min(shift, 14);
    }
}
