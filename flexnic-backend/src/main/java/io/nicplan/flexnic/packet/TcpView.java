package io.nicplan.flexnic.packet;

/** Zero-copy view of a TCP header (RFC 793) and its options. */
public final class TcpView extends HeaderView {

    /** Length of a header without options. */
    public static final int HEADER_LENGTH = 20;

    public static TcpView over(byte[] frame, int offset, int length) {
        return new TcpView().wrap(frame, offset, length);
    }

    public TcpView wrap(byte[] frame, int offset, int length) {
        bind(frame, offset, length);
        return this;
    }

    public int srcPort() {
        return Bytes.u16(buf, off);
    }

    public int dstPort() {
        return Bytes.u16(buf, off + 2);
    }

    /** Sequence number (compare with {@code Integer.compareUnsigned} or modular arithmetic). */
    public int seq() {
        return Bytes.u32(buf, off + 4);
    }

    public int ack() {
        return Bytes.u32(buf, off + 8);
    }

    /** Data offset in 32-bit words. */
    public int dataOffset() {
        return Bytes.u8(buf, off + 12) >>> 4;
    }

    /** Header length in bytes, options included. */
    public int headerLength() {
        return dataOffset() * 4;
    }

    /** The low eight flag bits (see {@link TcpFlags}). */
    public int flags() {
        return Bytes.u8(buf, off + 13);
    }

    public int window() {
        return Bytes.u16(buf, off + 14);
    }

    public int checksum() {
        return Bytes.u16(buf, off + 16);
    }

    public int urgentPointer() {
        return Bytes.u16(buf, off + 18);
    }

    public void setSrcPort(int port) {
        Bytes.setU16(buf, off, port);
    }

    public void setDstPort(int port) {
        Bytes.setU16(buf, off + 2, port);
    }

    public void setSeq(int seq) {
        Bytes.setU32(buf, off + 4, seq);
    }

    public void setAck(int ack) {
        Bytes.setU32(buf, off + 8, ack);
    }

    public void setDataOffset(int words) {
        buf[off + 12] = (byte) (words << 4);
    }

    public void setFlags(int flags) {
        buf[off + 13] = (byte) flags;
    }

    public void setWindow(int window) {
        Bytes.setU16(buf, off + 14, window);
    }

    public void setChecksum(int checksum) {
        Bytes.setU16(buf, off + 16, checksum);
    }

    public void setUrgentPointer(int pointer) {
        Bytes.setU16(buf, off + 18, pointer);
    }

    /** Offset in the buffer of the first option byte. */
    public int optionsOffset() {
        return off + HEADER_LENGTH;
    }

    /** Bytes of options: header length minus the fixed 20 bytes. */
    public int optionsLength() {
        return headerLength() - HEADER_LENGTH;
    }

    /** Offset in the buffer of the payload. */
    public int payloadOffset() {
        return off + headerLength();
    }

    /** Parses the options into {@code out} (reused; allocation-free). Returns {@code out}. */
    public TcpOptions options(TcpOptions out) {
        return out.parse(buf, optionsOffset(), optionsLength());
    }

    /**
     * Computes the checksum with the pseudo-header over {@code segmentLength} bytes (header plus
     * payload, i.e. IPv4 total length minus IPv4 header length) and stores it.
     */
    public void fillChecksum(int srcIp, int dstIp, int segmentLength) {
        fillChecksum(InternetChecksum.pseudoHeader(srcIp, dstIp, IpProtocol.TCP, segmentLength), segmentLength);
    }

    /** Computes the checksum over {@code segmentLength} bytes from a pseudo-header's sum (either family's) and stores it. */
    public void fillChecksum(long pseudoHeaderSum, int segmentLength) {
        setChecksum(0);
        setChecksum(InternetChecksum.finish(InternetChecksum.add(pseudoHeaderSum, buf, off, segmentLength)));
    }

    public boolean verifyChecksum(int srcIp, int dstIp, int segmentLength) {
        return InternetChecksum.verifies(InternetChecksum.add(
                InternetChecksum.pseudoHeader(srcIp, dstIp, IpProtocol.TCP, segmentLength), buf, off, segmentLength));
    }
}
