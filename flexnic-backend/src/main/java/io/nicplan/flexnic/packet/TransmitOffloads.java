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
 *
 * <p>IPv6 frames (RFC 8200) take the same offloads, as the 82599 and X710 do for a context descriptor
 * whose IP type is IPv6: there is no header checksum and no identification; every segment's payload
 * length is its extension headers + TCP header + payload; the TCP/UDP checksum covers the IPv6
 * pseudo-header (RFC 8200 8.1: addresses, upper-layer length, next header), and a UDP checksum that
 * computes to zero is sent as 0xffff. Hop-by-hop, destination-options and routing headers with no
 * segments left are copied into every segment and passed over; a frame with a fragment header, a
 * routing header with segments left (its pseudo-header would need the final destination, RFC 8200
 * 8.1), an authentication header, more than {@link #MAX_IPV6_EXTENSION_HEADERS} extension headers or
 * a chain that runs past the frame is refused with its reason.
 */
public final class TransmitOffloads {
    /**
     * The largest TSO payload: the 82599's PAYLEN field of the advanced data descriptor has 18 bits
     * (ixgbe_type.h: IXGBE_ADVTXD_PAYLEN_SHIFT 14 in the 32-bit olinfo_status word), 256 KiB - 1.
     */
    public static final int MAX_TSO_PAYLOAD = (1 << 18) - 1;
    /** The most IPv6 extension headers walked before the upper layer (the emulator's parser walks as many). */
    public static final int MAX_IPV6_EXTENSION_HEADERS = 8;
    private static final int IPV6_HEADER = 40;
    private static final int VLAN_TPID = 0x8100;
    private static final int VLAN_TAG = 4;

    private TransmitOffloads() {
    }

    /** What an offload request makes of a frame: its segments and their count, or the reason it is refused. */
    /**
     * @param ipHeaderLength the IPv4 header, or the IPv6 header with its extension headers ({@code l4Offset - l3Offset})
     * @param ipv6 whether the frame is IPv6
     * @param protocol the upper layer's protocol (IPv6: the last next-header value)
     */
    public record Plan(int l3Offset, int ipHeaderLength, int l4Offset, int l4HeaderLength, int payloadLength, int segments,
                       boolean ipv6, int protocol, TxOffloadError error) {
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
        if (type == EtherType.IPV6) {
            return planIpv6(frame, offset, length, l3, request);
        }
        if (type != EtherType.IPV4) {
            return refuse(TxOffloadError.NOT_IP);
        }
        if (length < l3 + Ipv4View.HEADER_LENGTH) {
            return refuse(TxOffloadError.TRUNCATED_HEADERS);
        }
        int versionIhl = Bytes.u8(frame, offset + l3);
        int ipHeader = (versionIhl & 0x0f) * 4;
        if (versionIhl >> 4 != 4 || ipHeader < Ipv4View.HEADER_LENGTH || length < l3 + ipHeader) {
            return refuse(versionIhl >> 4 != 4 ? TxOffloadError.NOT_IP : TxOffloadError.TRUNCATED_HEADERS);
        }
        int flagsFragment = Bytes.u16(frame, offset + l3 + 6);
        boolean fragment = (flagsFragment & 0x3fff) != 0;
        int protocol = Bytes.u8(frame, offset + l3 + 9);
        int datagramEnd = l3 + Bytes.u16(frame, offset + l3 + 2);
        return upperLayer(frame, offset, length, l3, l3 + ipHeader, protocol, fragment, datagramEnd, false, request);
    }

    /**
     * An IPv6 frame whose header starts at {@code l3}: the extension headers walked to the upper layer, then the
     * checks the IPv4 path makes. Refused on a chain the offloads do not pass over (see the class comment).
     */
    private static Plan planIpv6(byte[] frame, int offset, int length, int l3, TxOffloadRequest request) {
        if (length < l3 + IPV6_HEADER) {
            return refuse(TxOffloadError.TRUNCATED_HEADERS);
        }
        if (Bytes.u8(frame, offset + l3) >> 4 != 6) {
            return refuse(TxOffloadError.NOT_IP);
        }
        int datagramEnd = l3 + IPV6_HEADER + Bytes.u16(frame, offset + l3 + 4);
        int next = Bytes.u8(frame, offset + l3 + 6);
        int l4 = l3 + IPV6_HEADER;
        int count = 0;
        while (next == IpProtocol.HOP_BY_HOP || next == IpProtocol.ROUTING || next == IpProtocol.FRAGMENT
                || next == IpProtocol.DESTINATION_OPTIONS || next == IpProtocol.AUTHENTICATION) {
            if (next == IpProtocol.FRAGMENT) {
                return refuse(TxOffloadError.FRAGMENT);
            }
            if (next == IpProtocol.AUTHENTICATION || count == MAX_IPV6_EXTENSION_HEADERS) {
                return refuse(TxOffloadError.IPV6_EXTENSIONS);
            }
            if (length < l4 + 8) {
                return refuse(TxOffloadError.TRUNCATED_HEADERS);
            }
            if (next == IpProtocol.ROUTING && Bytes.u8(frame, offset + l4 + 3) != 0) {
                return refuse(TxOffloadError.IPV6_ROUTING);
            }
            next = Bytes.u8(frame, offset + l4);
            l4 += (Bytes.u8(frame, offset + l4 + 1) + 1) * 8;
            count++;
        }
        if (length < l4) {
            return refuse(TxOffloadError.TRUNCATED_HEADERS);
        }
        return upperLayer(frame, offset, length, l3, l4, next, false, datagramEnd, true, request);
    }

    /**
     * The checks on the upper layer at {@code l4} that both families share: TSO needs TCP, whole headers and a
     * payload within the descriptor's limit; checksum insertion needs the datagram (ending at {@code datagramEnd}
     * as its IP header says) and a UDP length that fit.
     */
    private static Plan upperLayer(byte[] frame, int offset, int length, int l3, int l4, int protocol, boolean fragment,
                                   int datagramEnd, boolean ipv6, TxOffloadRequest request) {
        int ipHeader = l4 - l3;
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
            // A segment's IPv4 total length or IPv6 payload length is a 16-bit field.
            int lengthField = (ipv6 ? ipHeader - IPV6_HEADER : ipHeader) + tcpHeader + Math.min(payload, request.mss());
            if (lengthField > 0xffff) {
                return refuse(TxOffloadError.SEGMENT_TOO_LARGE);
            }
            int segments = Math.max(1, (payload + request.mss() - 1) / request.mss());
            return new Plan(l3, ipHeader, l4, tcpHeader, payload, segments, ipv6, protocol, null);
        }
        if (request.l4Checksum() && (protocol == IpProtocol.TCP || protocol == IpProtocol.UDP)) {
            if (fragment) {
                return refuse(TxOffloadError.FRAGMENT);
            }
            int minimum = protocol == IpProtocol.TCP ? TcpView.HEADER_LENGTH : UdpView.HEADER_LENGTH;
            if (length < l4 + minimum) {
                return refuse(TxOffloadError.TRUNCATED_HEADERS);
            }
            if (datagramEnd < l4 + minimum || datagramEnd > length) {
                return refuse(TxOffloadError.BAD_LENGTH);
            }
            int udpLength = protocol == IpProtocol.UDP ? Bytes.u16(frame, offset + l4 + 4) : minimum;
            if (udpLength < UdpView.HEADER_LENGTH || udpLength > datagramEnd - l4) {
                return refuse(TxOffloadError.BAD_LENGTH);
            }
        }
        return new Plan(l3, ipHeader, l4, 0, 0, 1, ipv6, protocol, null);
    }

    private static Plan refuse(TxOffloadError error) {
        return new Plan(0, 0, 0, 0, 0, 0, false, 0, error);
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
            fillChecksums(copy, plan, request.ipv4Checksum(), request.l4Checksum());
            out.accept(copy);
            return;
        }
        int headers = plan.l4Offset() + plan.l4HeaderLength();
        int mss = request.mss();
        int l3 = plan.l3Offset();
        int firstId = plan.ipv6() ? 0 : Bytes.u16(frame, offset + l3 + 4);
        int firstSeq = Bytes.u32(frame, offset + plan.l4Offset() + 4);
        int flags = Bytes.u8(frame, offset + plan.l4Offset() + 13);
        for (int i = 0; i < plan.segments(); i++) {
            int sent = i * mss;
            int size = Math.min(mss, plan.payloadLength() - sent);
            int frameLength = Math.max(FrameBuilder.MIN_FRAME_LENGTH, headers + size);
            byte[] seg = new byte[frameLength];
            System.arraycopy(frame, offset, seg, 0, headers);
            System.arraycopy(frame, offset + headers + sent, seg, headers, size);
            if (plan.ipv6()) {
                // Payload length: everything after the fixed header (extension headers included); no identification.
                Bytes.setU16(seg, l3 + 4, plan.ipHeaderLength() - IPV6_HEADER + plan.l4HeaderLength() + size);
            } else {
                Bytes.setU16(seg, l3 + 2, plan.ipHeaderLength() + plan.l4HeaderLength() + size);
                Bytes.setU16(seg, l3 + 4, (firstId + i) & 0xffff);
            }
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
            fillChecksums(seg, plan, true, true);
            out.accept(seg);
        }
    }

    /**
     * Fills the IPv4 header checksum and/or the TCP/UDP checksum of the frame {@code plan} describes (an IPv6
     * frame has no header checksum; its TCP/UDP checksum covers the IPv6 pseudo-header).
     */
    private static void fillChecksums(byte[] f, Plan plan, boolean ipv4, boolean l4) {
        int l3 = plan.l3Offset();
        if (plan.ipv6()) {
            if (!l4) {
                return;
            }
            int l4Offset = plan.l4Offset();
            int l4Length = l3 + IPV6_HEADER + Bytes.u16(f, l3 + 4) - l4Offset;
            if (plan.protocol() == IpProtocol.TCP) {
                TcpView.over(f, l4Offset, l4Length).fillChecksum(InternetChecksum.pseudoHeaderIpv6(f, l3, IpProtocol.TCP, l4Length), l4Length);
            } else if (plan.protocol() == IpProtocol.UDP) {
                UdpView udp = UdpView.over(f, l4Offset, l4Length);
                udp.fillChecksum(InternetChecksum.pseudoHeaderIpv6(f, l3, IpProtocol.UDP, udp.udpLength()));
            }
            return;
        }
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
