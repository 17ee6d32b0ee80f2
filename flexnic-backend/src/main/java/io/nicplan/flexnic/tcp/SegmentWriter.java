package io.nicplan.flexnic.tcp;

import io.nicplan.flexnic.packet.Bytes;
import io.nicplan.flexnic.packet.EtherType;
import io.nicplan.flexnic.packet.InternetChecksum;
import io.nicplan.flexnic.packet.IpProtocol;
import io.nicplan.flexnic.packet.TcpOptions;

/**
 * Builds the fast path's frames in one reused buffer: Ethernet, an option-less IPv4 header and
 * a TCP header with the timestamp option (NOP, NOP, TS: 12 bytes, RFC 7323 appendix A's
 * layout), then the payload copied from a circular buffer in host memory. Both checksums are
 * computed (RFC 1071, with the RFC 793 pseudo-header for TCP). Allocation-free.
 */
final class SegmentWriter {

    static final int ETHERNET = 14;
    static final int IPV4 = 20;
    static final int TCP_WITH_TIMESTAMPS = 32;
    /** Headers of every frame the fast path sends: 66 bytes. */
    static final int HEADERS = ETHERNET + IPV4 + TCP_WITH_TIMESTAMPS;
    private static final int IP = ETHERNET;
    private static final int TCP = ETHERNET + IPV4;
    private static final int DEFAULT_TTL = 64;

    private final long localMac;
    private final byte[] buffer;
    private int identification;

    SegmentWriter(long localMac, int mss) {
        this.localMac = localMac;
        this.buffer = new byte[HEADERS + mss];
    }

    byte[] buffer() {
        return buffer;
    }

    /**
     * Writes a segment of flow record {@code base}: sequence number {@code seq}, the flow's
     * rx_next_seq as ACK, its free receive space as window, {@code tsValue} and the flow's
     * TS.Recent as timestamps, and {@code n} payload bytes from the circular buffer
     * {@code memory[bufferBase, bufferBase + bufferLength)} starting at {@code position}.
     *
     * @return the frame length
     */
    int write(int[] s, int base, int tcpFlags, int seq, int tsValue, int ecn, byte[] memory, int bufferBase,
            int bufferLength, int position, int n) {
        final byte[] f = buffer;
        // Ethernet.
        Bytes.setU16(f, 0, s[base + FlowTable.REMOTE_MAC_HIGH]);
        Bytes.setU32(f, 2, s[base + FlowTable.REMOTE_MAC_LOW]);
        Bytes.setU48(f, 6, localMac);
        Bytes.setU16(f, 12, EtherType.IPV4);
        // IPv4: version 4, IHL 5, don't fragment.
        int totalLength = IPV4 + TCP_WITH_TIMESTAMPS + n;
        f[IP] = 0x45;
        f[IP + 1] = (byte) ecn;
        Bytes.setU16(f, IP + 2, totalLength);
        Bytes.setU16(f, IP + 4, identification++);
        Bytes.setU16(f, IP + 6, 0x4000);
        f[IP + 8] = (byte) DEFAULT_TTL;
        f[IP + 9] = (byte) IpProtocol.TCP;
        Bytes.setU16(f, IP + 10, 0);
        int localIp = s[base + FlowTable.LOCAL_IP];
        int remoteIp = s[base + FlowTable.REMOTE_IP];
        Bytes.setU32(f, IP + 12, localIp);
        Bytes.setU32(f, IP + 16, remoteIp);
        Bytes.setU16(f, IP + 10, InternetChecksum.finish(InternetChecksum.addIpv4Header(f, IP)));
        // TCP with the timestamp option.
        Bytes.setU32(f, TCP, s[base + FlowTable.PORTS]);
        Bytes.setU32(f, TCP + 4, seq);
        Bytes.setU32(f, TCP + 8, s[base + FlowTable.RX_NEXT_SEQ]);
        f[TCP + 12] = (byte) ((TCP_WITH_TIMESTAMPS / 4) << 4);
        f[TCP + 13] = (byte) tcpFlags;
        int shift = (s[base + FlowTable.FLAGS] >>> FlowTable.LOCAL_SHIFT_BIT) & 0xf;
        Bytes.setU16(f, TCP + 14, Math.min(s[base + FlowTable.RX_AVAIL] >>> shift, 0xffff));
        Bytes.setU32(f, TCP + 16, 0); // checksum and urgent pointer
        f[TCP + 20] = TcpOptions.KIND_NOP;
        f[TCP + 21] = TcpOptions.KIND_NOP;
        f[TCP + 22] = TcpOptions.KIND_TIMESTAMPS;
        f[TCP + 23] = 10;
        Bytes.setU32(f, TCP + 24, tsValue);
        Bytes.setU32(f, TCP + 28, s[base + FlowTable.TS_ECHO]);
        if (n > 0) {
            int first = Math.min(n, bufferLength - position);
            System.arraycopy(memory, bufferBase + position, f, HEADERS, first);
            if (first < n) {
                System.arraycopy(memory, bufferBase, f, HEADERS + first, n - first);
            }
        }
        int segmentLength = TCP_WITH_TIMESTAMPS + n;
        Bytes.setU16(f, TCP + 16, InternetChecksum.finish(InternetChecksum.add(
                InternetChecksum.pseudoHeader(localIp, remoteIp, IpProtocol.TCP, segmentLength), f, TCP, segmentLength)));
        return HEADERS + n;
    }
}
