package io.nicplan.flexnic.packet;

import io.nicplan.net.Ipv4Address;
import java.util.Objects;

/** An IPv4 header without options as a value; {@code payloadLength} is total length minus 20. */
record Ipv4Repr(Ipv4Address src, Ipv4Address dst, int protocol, int payloadLength, int ttl, int dscp, int ecn,
        int identification, boolean dontFragment) {

    public Ipv4Repr {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        check("protocol", protocol, 255);
        check("payloadLength", payloadLength, 0xffff - Ipv4View.HEADER_LENGTH);
        check("ttl", ttl, 255);
        check("dscp", dscp, 63);
        check("ecn", ecn, 3);
        check("identification", identification, 0xffff);
    }

    /** A header with TTL 64, DSCP/ECN 0, id 0 and don't-fragment set. */
    public static Ipv4Repr of(Ipv4Address src, Ipv4Address dst, int protocol, int payloadLength) {
        return new Ipv4Repr(src, dst, protocol, payloadLength, 64, 0, 0, 0, true);
    }

    /**
     * Reads and checks a header: version 4, no options, total length within the view, checksum.
     *
     * @throws MalformedPacketException naming the failed check
     */
    public static Ipv4Repr parse(Ipv4View view) {
        if (view.length() < Ipv4View.HEADER_LENGTH) {
            throw new MalformedPacketException("IPv4 header needs 20 bytes, has " + view.length());
        }
        if (view.version() != 4) {
            throw new MalformedPacketException("IPv4 version field is " + view.version());
        }
        if (view.ihl() != 5) {
            throw new MalformedPacketException("IPv4 header length " + view.headerLength() + " (options are not represented)");
        }
        if (view.totalLength() < Ipv4View.HEADER_LENGTH || view.totalLength() > view.length()) {
            throw new MalformedPacketException("IPv4 total length " + view.totalLength() + " outside 20.." + view.length());
        }
        if (!view.verifyChecksum()) {
            throw new MalformedPacketException("IPv4 header checksum 0x" + Integer.toHexString(view.checksum()) + " is wrong");
        }
        return new Ipv4Repr(new Ipv4Address(view.src()), new Ipv4Address(view.dst()), view.protocol(),
                view.payloadLength(), view.ttl(), view.dscp(), view.ecn(), view.identification(), view.dontFragment());
    }

    /** Writes the 20-byte header with a correct checksum. */
    public void emit(Ipv4View view) {
        view.setVersionAndIhl(4, 5);
        view.setDscpEcn(dscp, ecn);
        view.setTotalLength(Ipv4View.HEADER_LENGTH + payloadLength);
        view.setIdentification(identification);
        view.setFlagsAndFragmentOffset(dontFragment, false, 0);
        view.setTtl(ttl);
        view.setProtocol(protocol);
        view.setSrc(src.bits());
        view.setDst(dst.bits());
        view.fillChecksum();
    }

    private static void check(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("IPv4 " + name + " must be 0.." + max + ", got " + value);
        }
    }
}
