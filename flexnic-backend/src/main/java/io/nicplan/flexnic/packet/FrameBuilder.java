package io.nicplan.flexnic.packet;

import io.nicplan.net.Ipv4Address;
import io.nicplan.net.Ipv6Address;
import io.nicplan.net.MacAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Builds complete Ethernet frames (optionally VLAN-tagged) carrying ARP, or IPv4 with TCP, UDP,
 * ICMP or raw payload, or IPv6 (with extension headers) with TCP, UDP, ICMPv6 or raw payload, with
 * correct lengths and checksums (over the IPv6 pseudo-header for IPv6, RFC 8200 8.1). For tests and traffic generators;
 * corrupt the result through the views to make malformed frames.
 *
 * <pre>{@code
 * byte[] syn = FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1")
 *         .tcp(40000, 80).flags(TcpFlags.SYN).mss(1460).timestamps(1, 0).build();
 * }</pre>
 */
public final class FrameBuilder {

    /** Shortest Ethernet frame without the 4-byte FCS (IEEE 802.3: 64 bytes with FCS). */
    public static final int MIN_FRAME_LENGTH = 60;

    private enum L3 { RAW, ARP, IPV4, IPV6 }

    private enum L4 { RAW, TCP, UDP, ICMP }

    private MacAddress src = MacAddress.parse("02:00:00:00:00:01");
    private MacAddress dst = MacAddress.parse("02:00:00:00:00:02");
    private OptionalInt vlanId = OptionalInt.empty();
    private int vlanPriority;
    private L3 l3 = L3.RAW;
    private int rawEtherType = EtherType.IPV4;
    private ArpRepr arp;
    private Ipv4Address ipSrc;
    private Ipv4Address ipDst;
    private int ttl = 64;
    private int dscp;
    private int ecn;
    private int identification;
    private boolean dontFragment = true;
    private L4 l4 = L4.RAW;
    private int ipProtocol = 253; // RFC 3692: for experimentation
    private int srcPort;
    private int dstPort;
    private int seq;
    private int ack;
    private int tcpFlags = TcpFlags.ACK;
    private int window = 65535;
    private OptionalInt mss = OptionalInt.empty();
    private OptionalInt windowScale = OptionalInt.empty();
    private boolean sackPermitted;
    private Optional<TcpTimestamps> timestamps = Optional.empty();
    private int icmpType = IcmpView.ECHO_REQUEST;
    private int icmpCode;
    private int icmpRest;
    private byte[] payload = new byte[0];
    private int padTo = MIN_FRAME_LENGTH;
    private Ipv6Address ip6Src;
    private Ipv6Address ip6Dst;
    /** Next-header values of the IPv6 extension headers to insert, in order. */
    private final java.util.List<Integer> extensionHeaders = new java.util.ArrayList<>();
    /** Per extension header: the Home Address option's or type-2 routing header's address, or null (padding only). */
    private final java.util.List<Ipv6Address> extensionAddresses = new java.util.ArrayList<>();

    private FrameBuilder() {
    }

    /** A builder for an untagged frame from 02:00:00:00:00:01 to 02:00:00:00:00:02. */
    public static FrameBuilder ethernet() {
        return new FrameBuilder();
    }

    public FrameBuilder src(MacAddress mac) {
        this.src = Objects.requireNonNull(mac);
        return this;
    }

    public FrameBuilder dst(MacAddress mac) {
        this.dst = Objects.requireNonNull(mac);
        return this;
    }

    /** Adds an 802.1Q tag with this VLAN id (priority 0). */
    public FrameBuilder vlan(int id) {
        return vlan(id, 0);
    }

    public FrameBuilder vlan(int id, int priority) {
        new VlanRepr(priority, false, id, 0); // range checks
        this.vlanId = OptionalInt.of(id);
        this.vlanPriority = priority;
        return this;
    }

    /** A frame of this EtherType whose payload is {@link #payload} (no L3 header built). */
    public FrameBuilder etherType(int type) {
        this.l3 = L3.RAW;
        this.rawEtherType = type;
        return this;
    }

    public FrameBuilder arp(ArpRepr packet) {
        this.l3 = L3.ARP;
        this.arp = Objects.requireNonNull(packet);
        return this;
    }

    /** An ARP request: who has {@code targetIp}, tell {@code senderIp}; sent to broadcast. */
    public FrameBuilder arpRequest(MacAddress senderMac, Ipv4Address senderIp, Ipv4Address targetIp) {
        this.dst = MacAddress.BROADCAST;
        this.src = senderMac;
        return arp(new ArpRepr(ArpView.OP_REQUEST, senderMac, senderIp, new MacAddress(0), targetIp));
    }

    public FrameBuilder ipv4(Ipv4Address source, Ipv4Address destination) {
        this.l3 = L3.IPV4;
        this.ipSrc = Objects.requireNonNull(source);
        this.ipDst = Objects.requireNonNull(destination);
        return this;
    }

    public FrameBuilder ipv4(String source, String destination) {
        return ipv4(Ipv4Address.parse(source), Ipv4Address.parse(destination));
    }

    /** An IPv6 packet; {@link #ttl} sets its hop limit, {@link #dscp} and {@link #ecn} its traffic class. */
    public FrameBuilder ipv6(Ipv6Address source, Ipv6Address destination) {
        this.l3 = L3.IPV6;
        this.ip6Src = Objects.requireNonNull(source);
        this.ip6Dst = Objects.requireNonNull(destination);
        return this;
    }

    public FrameBuilder ipv6(String source, String destination) {
        return ipv6(Ipv6Address.parse(source), Ipv6Address.parse(destination));
    }

    /**
     * Appends an IPv6 extension header of next-header type {@code type} (RFC 8200 4.1): hop-by-hop (0) and
     * destination options (60) as 8 bytes of PadN, a routing header (43) of experimental type 253 (RFC 4727)
     * with no segments left, which a receiver passes over (RFC 8200 4.4), or an atomic fragment header
     * (44: offset 0, no more fragments, RFC 6946).
     */
    public FrameBuilder extensionHeader(int type) {
        if (type != 0 && type != 43 && type != 44 && type != 60) {
            throw new IllegalArgumentException("not an extension header this builder writes: " + type);
        }
        extensionHeaders.add(type);
        extensionAddresses.add(null);
        return this;
    }

    /**
     * Appends a destination options header carrying a Home Address option (RFC 6275 6.3: type 0xC9, 16 bytes,
     * aligned 8n+6): a mobile node's packet sent from its care-of address (the IPv6 source). The upper-layer
     * checksum is computed with the home address as the source, as the receiver swaps it in (RFC 6275 9.3.1).
     */
    public FrameBuilder homeAddressOption(Ipv6Address home) {
        extensionHeaders.add(DESTINATION_OPTIONS);
        extensionAddresses.add(Objects.requireNonNull(home, "home"));
        return this;
    }

    /**
     * Appends a type-2 routing header (RFC 6275 6.4: Hdr Ext Len 2, Segments Left 1, one address): a packet to a
     * mobile node's care-of address (the IPv6 destination) whose final destination is its home address. The
     * upper-layer checksum uses the home address as the destination (RFC 8200 8.1: the final destination).
     */
    public FrameBuilder type2RoutingHeader(Ipv6Address home) {
        extensionHeaders.add(ROUTING);
        extensionAddresses.add(Objects.requireNonNull(home, "home"));
        return this;
    }

    public FrameBuilder ttl(int value) {
        this.ttl = value;
        return this;
    }

    public FrameBuilder dscp(int value) {
        this.dscp = value;
        return this;
    }

    public FrameBuilder ecn(int value) {
        this.ecn = value;
        return this;
    }

    public FrameBuilder identification(int value) {
        this.identification = value;
        return this;
    }

    public FrameBuilder dontFragment(boolean value) {
        this.dontFragment = value;
        return this;
    }

    /** IPv4 with this protocol number and {@link #payload} as its raw payload. */
    public FrameBuilder ipProtocol(int protocol) {
        this.l4 = L4.RAW;
        this.ipProtocol = protocol;
        return this;
    }

    /** A TCP segment (flags ACK, window 65535 unless set). */
    public FrameBuilder tcp(int sourcePort, int destinationPort) {
        this.l4 = L4.TCP;
        this.srcPort = sourcePort;
        this.dstPort = destinationPort;
        return this;
    }

    public FrameBuilder seq(int value) {
        this.seq = value;
        return this;
    }

    public FrameBuilder ack(int value) {
        this.ack = value;
        return this;
    }

    /** TCP flags, see {@link TcpFlags}. */
    public FrameBuilder flags(int value) {
        this.tcpFlags = value;
        return this;
    }

    public FrameBuilder window(int value) {
        this.window = value;
        return this;
    }

    public FrameBuilder mss(int value) {
        this.mss = OptionalInt.of(value);
        return this;
    }

    public FrameBuilder windowScale(int shift) {
        this.windowScale = OptionalInt.of(shift);
        return this;
    }

    public FrameBuilder sackPermitted() {
        this.sackPermitted = true;
        return this;
    }

    public FrameBuilder timestamps(int value, int echoReply) {
        this.timestamps = Optional.of(new TcpTimestamps(value, echoReply));
        return this;
    }

    public FrameBuilder udp(int sourcePort, int destinationPort) {
        this.l4 = L4.UDP;
        this.srcPort = sourcePort;
        this.dstPort = destinationPort;
        return this;
    }

    /** An ICMP echo request with identifier and sequence number; data is {@link #payload}. */
    public FrameBuilder icmpEcho(int identifier, int sequence) {
        return icmp(IcmpView.ECHO_REQUEST, 0, (identifier & 0xffff) << 16 | (sequence & 0xffff));
    }

    public FrameBuilder icmp(int type, int code, int restOfHeader) {
        this.l4 = L4.ICMP;
        this.icmpType = type;
        this.icmpCode = code;
        this.icmpRest = restOfHeader;
        return this;
    }

    public FrameBuilder payload(byte[] data) {
        this.payload = data.clone();
        return this;
    }

    /** A payload of {@code length} bytes counting 0, 1, 2, ... (mod 256). */
    public FrameBuilder payloadLength(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("payload length must be >= 0, got " + length);
        }
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) i;
        }
        this.payload = data;
        return this;
    }

    /** Zero-pads the frame to at least this length (default 60; 0 disables padding). */
    public FrameBuilder padTo(int length) {
        this.padTo = length;
        return this;
    }

    /** The frame's bytes. */
    public byte[] build() {
        if (l3 == L3.IPV6) {
            return buildIpv6();
        }
        int l2 = EthernetView.HEADER_LENGTH + (vlanId.isPresent() ? VlanView.HEADER_LENGTH : 0);
        int l3Length;
        int etherType;
        UpperLayer upper = null;
        switch (l3) {
            case ARP -> {
                etherType = EtherType.ARP;
                l3Length = ArpView.HEADER_LENGTH;
            }
            case IPV4 -> {
                etherType = EtherType.IPV4;
                upper = upperLayer(IpProtocol.ICMP);
                l3Length = Ipv4View.HEADER_LENGTH + upper.length();
            }
            case RAW -> {
                etherType = rawEtherType;
                l3Length = payload.length;
            }
            default -> throw new IllegalStateException("unknown L3 " + l3);
        }
        byte[] frame = new byte[Math.max(padTo, l2 + l3Length)];
        emitEthernet(frame, etherType);
        switch (l3) {
            case ARP -> arp.emit(ArpView.over(frame, l2, frame.length - l2));
            case RAW -> System.arraycopy(payload, 0, frame, l2, payload.length);
            case IPV4 -> {
                new Ipv4Repr(ipSrc, ipDst, upper.protocol(), upper.length(), ttl, dscp, ecn, identification, dontFragment)
                        .emit(Ipv4View.over(frame, l2, frame.length - l2));
                upper.emit(frame, l2 + Ipv4View.HEADER_LENGTH, ipSrc.bits(), ipDst.bits());
            }
            default -> throw new IllegalStateException("unknown L3 " + l3);
        }
        return frame;
    }

    /**
     * The upper-layer header and payload the builder was given: TCP, UDP, ICMP (protocol number
     * {@code icmpProtocol}: ICMP over IPv4, ICMPv6 over IPv6) or the raw payload under {@code ipProtocol}.
     */
    private UpperLayer upperLayer(int icmpProtocol) {
        return switch (l4) {
            case TCP -> new UpperLayer(IpProtocol.TCP, new TcpRepr(srcPort, dstPort, seq, ack, tcpFlags, window, mss,
                    windowScale, sackPermitted, timestamps, payload), null, null, payload);
            case UDP -> new UpperLayer(IpProtocol.UDP, null, new UdpRepr(srcPort, dstPort, payload), null, payload);
            case ICMP -> new UpperLayer(icmpProtocol, null, null, new IcmpRepr(icmpType, icmpCode, icmpRest, payload), payload);
            default -> new UpperLayer(ipProtocol, null, null, null, payload);
        };
    }

    /** One of the upper layers (at most one repr set; none: the raw payload). */
    private record UpperLayer(int protocol, TcpRepr tcp, UdpRepr udp, IcmpRepr icmp, byte[] raw) {

        int length() {
            return tcp != null ? tcp.length() : udp != null ? udp.length() : icmp != null ? icmp.length() : raw.length;
        }

        /** Writes it at {@code at}; TCP and UDP checksums over the IPv4 pseudo-header of these addresses (0, 0: left for IPv6). */
        void emit(byte[] frame, int at, int ipSrc, int ipDst) {
            int rest = frame.length - at;
            if (tcp != null) {
                tcp.emit(TcpView.over(frame, at, rest), ipSrc, ipDst);
            } else if (udp != null) {
                udp.emit(UdpView.over(frame, at, rest), ipSrc, ipDst);
            } else if (icmp != null) {
                icmp.emit(IcmpView.over(frame, at, rest));
            } else {
                System.arraycopy(raw, 0, frame, at, raw.length);
            }
        }

        /** Where its checksum field lies relative to its start; -1 for a raw payload (no checksum). */
        int checksumOffset() {
            return tcp != null ? 16 : udp != null ? 6 : icmp != null ? 2 : -1;
        }
    }

    /** The Ethernet header, with the 802.1Q tag when the frame has a VLAN, for a frame of {@code etherType}. */
    private void emitEthernet(byte[] frame, int etherType) {
        EthernetView eth = EthernetView.over(frame, 0, frame.length);
        if (vlanId.isPresent()) {
            new EthernetRepr(src, dst, EtherType.VLAN).emit(eth);
            new VlanRepr(vlanPriority, false, vlanId.getAsInt(), etherType)
                    .emit(VlanView.over(frame, EthernetView.HEADER_LENGTH, frame.length - EthernetView.HEADER_LENGTH));
        } else {
            new EthernetRepr(src, dst, etherType).emit(eth);
        }
    }

    /** RFC 8200 3: the fixed header, the extension headers, then the upper layer with its checksum. */
    private byte[] buildIpv6() {
        int l2 = EthernetView.HEADER_LENGTH + (vlanId.isPresent() ? VlanView.HEADER_LENGTH : 0);
        UpperLayer upperLayer = upperLayer(ICMP6);
        int upper = upperLayer.protocol();
        int l4Length = upperLayer.length();
        int extLength = 0;
        for (Ipv6Address address : extensionAddresses) {
            extLength += address == null ? 8 : MOBILITY_HEADER_LENGTH;
        }
        int ip = l2;
        byte[] frame = new byte[Math.max(padTo, l2 + 40 + extLength + l4Length)];
        emitEthernet(frame, EtherType.IPV6);
        int trafficClass = (dscp << 2) | ecn;
        Bytes.setU32(frame, ip, (6 << 28) | (trafficClass << 20));
        Bytes.setU16(frame, ip + 4, extLength + l4Length);
        Bytes.setU8(frame, ip + 6, extensionHeaders.isEmpty() ? upper : extensionHeaders.get(0));
        Bytes.setU8(frame, ip + 7, ttl);
        System.arraycopy(ip6Src.toBytes(), 0, frame, ip + 8, 16);
        System.arraycopy(ip6Dst.toBytes(), 0, frame, ip + 24, 16);
        int at = ip + 40;
        // The pseudo-header's addresses: the home address in place of the source (Home Address option) or of the
        // destination (type-2 routing header), where the frame carries one.
        byte[] pseudo = new byte[32];
        System.arraycopy(frame, ip + 8, pseudo, 0, 32);
        for (int i = 0; i < extensionHeaders.size(); i++) {
            int type = extensionHeaders.get(i);
            Ipv6Address address = extensionAddresses.get(i);
            Bytes.setU8(frame, at, i + 1 < extensionHeaders.size() ? extensionHeaders.get(i + 1) : upper);
            if (address != null && type == ROUTING) {
                Bytes.setU8(frame, at + 1, 2);
                Bytes.setU8(frame, at + 2, 2); // routing type 2
                Bytes.setU8(frame, at + 3, 1); // segments left
                System.arraycopy(address.toBytes(), 0, frame, at + 8, 16);
                System.arraycopy(address.toBytes(), 0, pseudo, 16, 16);
                at += MOBILITY_HEADER_LENGTH;
                continue;
            }
            if (address != null) {
                Bytes.setU8(frame, at + 1, 2);
                // PadN of 2 bytes, then the option at offset 6 (alignment 8n+6)
                Bytes.setU8(frame, at + 2, 1);
                Bytes.setU8(frame, at + 3, 2);
                Bytes.setU8(frame, at + 6, HOME_ADDRESS_OPTION);
                Bytes.setU8(frame, at + 7, 16);
                System.arraycopy(address.toBytes(), 0, frame, at + 8, 16);
                System.arraycopy(address.toBytes(), 0, pseudo, 0, 16);
                at += MOBILITY_HEADER_LENGTH;
                continue;
            }
            if (type == ROUTING) {
                Bytes.setU8(frame, at + 2, 253);
            } else if (type != 44) {
                // PadN (option type 1) filling the 6 option bytes: length 4, four zero bytes.
                Bytes.setU8(frame, at + 2, 1);
                Bytes.setU8(frame, at + 3, 4);
            }
            at += 8;
        }
        upperLayer.emit(frame, at, 0, 0);
        if (upperLayer.checksumOffset() < 0) {
            return frame;
        }
        int checksumAt = at + upperLayer.checksumOffset();
        Bytes.setU16(frame, checksumAt, 0);
        // The pseudo-header's addresses may differ from the header's (a Home Address option or type-2 routing header).
        long sum = InternetChecksum.add(0, pseudo, 0, 32) + upper + l4Length;
        int checksum = InternetChecksum.finish(InternetChecksum.add(sum, frame, at, l4Length));
        // RFC 8200 8.1: a UDP checksum that computes to zero is sent as 0xffff (zero means none, not allowed).
        Bytes.setU16(frame, checksumAt, upperLayer.udp() != null && checksum == 0 ? 0xffff : checksum);
        return frame;
    }

    /** ICMPv6's next-header value (RFC 4443). */
    private static final int ICMP6 = IpProtocol.ICMP6;
    /** Next-header values of the routing and destination options headers (RFC 8200 4.1). */
    private static final int ROUTING = IpProtocol.ROUTING;
    private static final int DESTINATION_OPTIONS = IpProtocol.DESTINATION_OPTIONS;
    /** The Home Address option's type (RFC 6275 6.3). */
    private static final int HOME_ADDRESS_OPTION = 0xC9;
    /** A type-2 routing header, and a destination options header holding just a Home Address option: 24 bytes. */
    private static final int MOBILITY_HEADER_LENGTH = 24;
}
