package io.nicplan.flexnic.packet;

/** Zero-copy view of an ICMPv4 message (RFC 792): type, code, checksum and the next 4 bytes. */
final class IcmpView extends HeaderView {

    public static final int HEADER_LENGTH = 8;
    public static final int ECHO_REPLY = 0;
    public static final int ECHO_REQUEST = 8;

    public static IcmpView over(byte[] frame, int offset, int length) {
        return new IcmpView().wrap(frame, offset, length);
    }

    public IcmpView wrap(byte[] frame, int offset, int length) {
        bind(frame, offset, length);
        return this;
    }

    public int type() {
        return Bytes.u8(buf, off);
    }

    public int code() {
        return Bytes.u8(buf, off + 1);
    }

    public int checksum() {
        return Bytes.u16(buf, off + 2);
    }

    /** Bytes 4..7: identifier and sequence number for echo messages, unused or type-specific otherwise. */
    public int restOfHeader() {
        return Bytes.u32(buf, off + 4);
    }

    public int echoIdentifier() {
        return Bytes.u16(buf, off + 4);
    }

    public int echoSequence() {
        return Bytes.u16(buf, off + 6);
    }

    public void setType(int type) {
        buf[off] = (byte) type;
    }

    public void setCode(int code) {
        buf[off + 1] = (byte) code;
    }

    public void setChecksum(int checksum) {
        Bytes.setU16(buf, off + 2, checksum);
    }

    public void setRestOfHeader(int value) {
        Bytes.setU32(buf, off + 4, value);
    }

    /** Computes the checksum over the whole message ({@code messageLength} bytes) and stores it. */
    public void fillChecksum(int messageLength) {
        setChecksum(0);
        setChecksum(InternetChecksum.of(buf, off, messageLength));
    }

    public boolean verifyChecksum(int messageLength) {
        return InternetChecksum.verifies(InternetChecksum.add(0, buf, off, messageLength));
    }
}
