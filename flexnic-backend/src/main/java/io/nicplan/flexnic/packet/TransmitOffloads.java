package io.nicplan.flexnic.packet;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The NIC's transmit offloads on one frame: IPv4 header and TCP/UDP checksum insertion, and TCP
 * segmentation (TSO), following the 82599 datasheet 7.2.4 (the hardware's header updates per
 * segment) and RFC 793 / RFC 791:
 * <ul>
 *   <li>every segment carries the prototype's Ethernet, IPv4 and TCP headers (options copied);</li>
 *   <li>IPv4: identification incremented by one per segment from the prototype's (wrapping at 16
 *       bits), total length = IPv4 header + TCP header + this segment's payload, checksum filled;</li>
 *   <li>TCP: sequence number advanced by the payload sent before; FIN and PSH only on the last
 *       segment, CWR only on the first (RFC 3168 6.1.2: it is set on one segment of a window, as
 *       Linux's GSO does); checksum over the pseudo-header and the segment;</li>
 *   <li>frames shorter than the Ethernet minimum are zero-padded to 60 bytes (the IPv4 total length
 *       says where the datagram ends).</li>
 * </ul>
 * The payload of a TSO send is everything after the prototype's TCP header in the posted buffer
 * (the prototype's IPv4 total length is ignored, as the hardware takes the payload length from the
 * descriptor).
 */
public final class TransmitOffloads {
    /**
     * The largest TSO payload: the 82599's PAYLEN field of the advanced data descriptor has 18 bits
     * (ixgbe_type.h: IXGBE_ADVTXD_PAYLEN_SHIFT 14 in the 32-bit olinfo_status word), 256 KiB - 1.
     */
    public static final int MAX_TSO_PAYLOAD = (1 << 18) - 1;
    private static final int VLAN_TPID = 0x8100;
    private static final int VLAN_TAG = 4;

    private TransmitOffloads() {
    }

    /** What an offload request makes of a frame: its segments and their count, or the reason it is refused. */
    public record Plan(int l3Offset, int ipHeaderLength, int l4Offset, int l4HeaderLength, int payloadLength, int segments,
                       TxOffloadError error) {
        public boolean refused() {
            return error != null;
        }

        /** The length of the largest segment a TSO plan produces (headers plus at most one MSS of payload). */
        public int largestFrame(int mss) {
            int headers = l4Offset + l4HeaderLength;
            return segments <= 1 ? headers + payloadLength : headers + mss;
        }
    }

    /** Checks {@code frame[offset, offset+length)} against {@code request}: how many frames it becomes, or why not. */
    public static Plan plan(byte[] frame, int offset, int length, TxOffloadRequest request) {
        int l3 = EthernetView.HEADER_LENGTH;
        if (length < l3) {
            return refuse(TxOffloadError.TRUNCATED_HEADERS);
        }
        int type = Bytes.u16(frame, offset + 12);
        if (type == VLAN_TPID) {
            if (length < l3 + VLAN_TAG) {
                return refuse(TxOffloadError.TRUNCATED_HEADERS);
            }
            type = Bytes.u16(frame, offset + 16);
            l3 += VLAN_TAG;
        }
        if (type != EtherType.IPV4) {
            return refuse(TxOffloadError.NOT_IPV4);
        }
        if (length < l3 + Ipv4View.HEADER_LENGTH) {
            return refuse(TxOffloadError.TRUNCATED_HEADERS);
        }
        int versionIhl = Bytes.u8(frame, offset + l3);
        int ipHeader = (versionIhl & 0x0f) * 4;
        if (versionIhl >> 4 != 4 || ipHeader < Ipv4View.HEADER_LENGTH || length < l3 + ipHeader) {
            return refuse(versionIhl >> 4 != 4 ? TxOffloadError.NOT_IPV4 : TxOffloadError.TRUNCATED_HEADERS);
        }
        int flagsFragment = Bytes.u16(frame, offset + l3 + 6);
        boolean fragment = (flagsFragment & 0x3fff) != 0;
        int protocol = Bytes.u8(frame, offset + l3 + 9);
        int l4 = l3 + ipHeader;
        if (request.segments()) {
            if (protocol != IpProtocol.TCP) {
                return refuse(TxOffloadError.TSO_NOT_TCP);
            }
            if (fragment) {
                return refuse(TxOffloadError.FRAGMENT);
            }
            if (length < l4 + TcpView.HEADER_LENGTH) {
                return refuse(TxOffloadError.TRUNCATED_HEADERS);
            }
            int tcpHeader = (Bytes.u8(frame, offset + l4 + 12) >> 4) * 4;
            if (tcpHeader < TcpView.HEADER_LENGTH || length < l4 + tcpHeader) {
                return refuse(TxOffloadError.TRUNCATED_HEADERS);
            }
            int payload = length - l4 - tcpHeader;
            if (payload > MAX_TSO_PAYLOAD) {
                return refuse(TxOffloadError.TSO_TOO_LARGE);
            }
            int segments = Math.max(1, (payload + request.mss() - 1) / request.mss());
            return new Plan(l3, ipHeader, l4, tcpHeader, payload, segments, null);
        }
        if (request.l4Checksum() && (protocol == IpProtocol.TCP || protocol == IpProtocol.UDP)) {
            if (fragment) {
                return refuse(TxOffloadError.FRAGMENT);
            }
            int minimum = protocol == IpProtocol.TCP ? TcpView.HEADER_LENGTH : UdpView.HEADER_LENGTH;
            int total = Bytes.u16(frame, offset + l3 + 2);
            if (length < l4 + minimum) {
                return refuse(TxOffloadError.TRUNCATED_HEADERS);
            }
            if (total < ipHeader + minimum || l3 + total > length) {
                return refuse(TxOffloadError.BAD_LENGTH);
            }
            int udpLength = protocol == IpProtocol.UDP ? Bytes.u16(frame, offset + l4 + 4) : minimum;
            if (udpLength < UdpView.HEADER_LENGTH || udpLength > total - ipHeader) {
                return refuse(TxOffloadError.BAD_LENGTH);
            }
        }
        return new Plan(l3, ipHeader, l4, 0, 0, 1, null);
    }

    private static Plan refuse(TxOffloadError error) {
        return new Plan(0, 0, 0, 0, 0, 0, error);
    }

    /**
     * Performs {@code request} on a frame {@link #plan} accepted, handing each resulting frame to
     * {@code out}, each a new array. Without TSO, one frame: a copy with its checksums filled.
     */
    public static void apply(byte[] frame, int offset, int length, TxOffloadRequest request, Plan plan, Consumer<byte[]> out) {
        if (plan.refused()) {
            throw new IllegalArgumentException("the frame was refused: " + plan.error());
        }
        if (!request.segments()) {
            byte[] copy = Arrays.copyOfRange(frame, offset, offset + length);
            fillChecksums(copy, plan.l3Offset(), request.ipv4Checksum(), request.l4Checksum());
            out.accept(copy);
            return;
        }
        int headers = plan.l4Offset() + plan.l4HeaderLength();
        int mss = request.mss();
        int l3 = plan.l3Offset();
        int firstId = Bytes.u16(frame, offset + l3 + 4);
        int firstSeq = Bytes.u32(frame, offset + plan.l4Offset() + 4);
        int flags = Bytes.u8(frame, offset + plan.l4Offset() + 13);
        for (int i = 0; i < plan.segments(); i++) {
            int sent = i * mss;
            int size = Math.min(mss, plan.payloadLength() - sent);
            int frameLength = Math.max(FrameBuilder.MIN_FRAME_LENGTH, headers + size);
            byte[] seg = new byte[frameLength];
            System.arraycopy(frame, offset, seg, 0, headers);
            System.arraycopy(frame, offset + headers + sent, seg, headers, size);
            Bytes.setU16(seg, l3 + 2, plan.ipHeaderLength() + plan.l4HeaderLength() + size);
            Bytes.setU16(seg, l3 + 4, (firstId + i) & 0xffff);
            int tcp = plan.l4Offset();
            Bytes.setU32(seg, tcp + 4, firstSeq + sent);
            boolean last = i == plan.segments() - 1;
            int f = flags;
            if (!last) {
                f &= ~(TcpFlags.FIN | TcpFlags.PSH);
            }
            if (i > 0) {
                f &= ~TcpFlags.CWR;
            }
            Bytes.setU8(seg, tcp + 13, f);
            fillChecksums(seg, l3, true, true);
            out.accept(seg);
        }
    }

    /** Fills the IPv4 header checksum and/or the TCP/UDP checksum of an IPv4 frame whose L3 header starts at {@code l3}. */
    private static void fillChecksums(byte[] f, int l3, boolean ipv4, boolean l4) {
        Ipv4View ip = Ipv4View.over(f, l3, f.length - l3);
        if (ipv4) {
            ip.fillChecksum();
        }
        if (!l4 || ip.isFragment()) {
            return;
        }
        int l4Offset = l3 + ip.headerLength();
        int l4Length = ip.totalLength() - ip.headerLength();
        if (ip.protocol() == IpProtocol.TCP) {
            TcpView.over(f, l4Offset, l4Length).fillChecksum(ip.src(), ip.dst(), l4Length);
        } else if (ip.protocol() == IpProtocol.UDP) {
            UdpView.over(f, l4Offset, l4Length).fillChecksum(ip.src(), ip.dst());
        }
    }
}
