package io.nicplan.flexnic.packet;

/** Zero-copy view of a UDP header (RFC 768). */
final class UdpView extends HeaderView {

    public static final int HEADER_LENGTH = 8;

    public static UdpView over(byte[] frame, int offset, int length) {
        return new UdpView().wrap(frame, offset, length);
    }

    public UdpView wrap(byte[] frame, int offset, int length) {
        bind(frame, offset, length);
        return this;
    }

    public int srcPort() {
        return Bytes.u16(buf, off);
    }

    public int dstPort() {
        return Bytes.u16(buf, off + 2);
    }

    /** Header plus payload length, per the length field. */
    public int udpLength() {
        return Bytes.u16(buf, off + 4);
    }

    public int checksum() {
        return Bytes.u16(buf, off + 6);
    }

    public void setSrcPort(int port) {
        Bytes.setU16(buf, off, port);
    }

    public void setDstPort(int port) {
        Bytes.setU16(buf, off + 2, port);
    }

    public void setUdpLength(int length) {
        Bytes.setU16(buf, off + 4, length);
    }

    public void setChecksum(int checksum) {
        Bytes.setU16(buf, off + 6, checksum);
    }

    /**
     * Computes the checksum with the pseudo-header over {@link #udpLength()} bytes and stores it;
     * a computed zero is sent as 0xffff because zero means "no checksum" (RFC 768).
     */
    public void fillChecksum(int srcIp, int dstIp) {
        fillChecksum(InternetChecksum.pseudoHeader(srcIp, dstIp, IpProtocol.UDP, udpLength()));
    }

    /**
     * Computes the checksum over {@link #udpLength()} bytes from a pseudo-header's sum (either family's) and
     * stores it, a computed zero as 0xffff (RFC 768; over IPv6 a zero checksum is not allowed, RFC 8200 8.1).
     */
    public void fillChecksum(long pseudoHeaderSum) {
        setChecksum(0);
        int c = InternetChecksum.finish(InternetChecksum.add(pseudoHeaderSum, buf, off, udpLength()));
        setChecksum(c == 0 ? 0xffff : c);
    }

    /** True if the checksum is absent (zero) or correct. */
    public boolean verifyChecksum(int srcIp, int dstIp) {
        if (checksum() == 0) {
            return true;
        }
        int length = udpLength();
        return InternetChecksum.verifies(InternetChecksum.add(
                InternetChecksum.pseudoHeader(srcIp, dstIp, IpProtocol.UDP, length), buf, off, length));
    }

    public int payloadOffset() {
        return off + HEADER_LENGTH;
    }
}
