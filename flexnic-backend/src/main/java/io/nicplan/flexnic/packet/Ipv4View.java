package io.nicplan.flexnic.packet;

/** Zero-copy view of an IPv4 header (RFC 791), options included. */
public final class Ipv4View extends HeaderView {

    /** Length of a header without options. */
    public static final int HEADER_LENGTH = 20;

    public static Ipv4View over(byte[] frame, int offset, int length) {
        return new Ipv4View().wrap(frame, offset, length);
    }

    public Ipv4View wrap(byte[] frame, int offset, int length) {
        bind(frame, offset, length);
        return this;
    }

    public int version() {
        return Bytes.u8(buf, off) >>> 4;
    }

    /** Header length in 32-bit words. */
    public int ihl() {
        return buf[off] & 0x0f;
    }

    /** Header length in bytes. */
    public int headerLength() {
        return ihl() * 4;
    }

    public int dscp() {
        return Bytes.u8(buf, off + 1) >>> 2;
    }

    public int ecn() {
        return buf[off + 1] & 3;
    }

    public int totalLength() {
        return Bytes.u16(buf, off + 2);
    }

    public int identification() {
        return Bytes.u16(buf, off + 4);
    }

    public boolean dontFragment() {
        return (buf[off + 6] & 0x40) != 0;
    }

    public boolean moreFragments() {
        return (buf[off + 6] & 0x20) != 0;
    }

    /** Fragment offset in 8-byte units. */
    public int fragmentOffset() {
        return Bytes.u16(buf, off + 6) & 0x1fff;
    }

    /** True for any fragment of a fragmented datagram (first, middle or last). */
    public boolean isFragment() {
        return moreFragments() || fragmentOffset() != 0;
    }

    public int ttl() {
        return Bytes.u8(buf, off + 8);
    }

    public int protocol() {
        return Bytes.u8(buf, off + 9);
    }

    public int checksum() {
        return Bytes.u16(buf, off + 10);
    }

    public int src() {
        return Bytes.u32(buf, off + 12);
    }

    public int dst() {
        return Bytes.u32(buf, off + 16);
    }

    public void setVersionAndIhl(int version, int ihl) {
        buf[off] = (byte) ((version << 4) | (ihl & 0x0f));
    }

    public void setDscpEcn(int dscp, int ecn) {
        buf[off + 1] = (byte) ((dscp << 2) | (ecn & 3));
    }

    public void setTotalLength(int length) {
        Bytes.setU16(buf, off + 2, length);
    }

    public void setIdentification(int id) {
        Bytes.setU16(buf, off + 4, id);
    }

    public void setFlagsAndFragmentOffset(boolean dontFragment, boolean moreFragments, int fragmentOffset) {
        Bytes.setU16(buf, off + 6, (dontFragment ? 0x4000 : 0) | (moreFragments ? 0x2000 : 0) | (fragmentOffset & 0x1fff));
    }

    public void setTtl(int ttl) {
        buf[off + 8] = (byte) ttl;
    }

    public void setProtocol(int protocol) {
        buf[off + 9] = (byte) protocol;
    }

    public void setChecksum(int checksum) {
        Bytes.setU16(buf, off + 10, checksum);
    }

    public void setSrc(int ip) {
        Bytes.setU32(buf, off + 12, ip);
    }

    public void setDst(int ip) {
        Bytes.setU32(buf, off + 16, ip);
    }

    /** Computes the header checksum over {@link #headerLength()} bytes and stores it. */
    public void fillChecksum() {
        setChecksum(0);
        setChecksum(InternetChecksum.of(buf, off, headerLength()));
    }

    /** True if the stored header checksum is correct. */
    public boolean verifyChecksum() {
        return InternetChecksum.verifies(InternetChecksum.add(0, buf, off, headerLength()));
    }

    /** Offset in the buffer of the payload (after options). */
    public int payloadOffset() {
        return off + headerLength();
    }

    /** Payload length according to the total-length field. */
    public int payloadLength() {
        return totalLength() - headerLength();
    }
}
