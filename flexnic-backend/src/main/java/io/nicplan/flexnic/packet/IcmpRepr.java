package io.nicplan.flexnic.packet;

import java.util.Arrays;
import java.util.HexFormat;

/** An ICMPv4 message as a value: type, code, the 4 type-specific header bytes and the data. */
record IcmpRepr(int type, int code, int restOfHeader, byte[] data) {

    public IcmpRepr {
        if (type < 0 || type > 255 || code < 0 || code > 255) {
            throw new IllegalArgumentException("ICMP type and code must be 0..255, got " + type + "/" + code);
        }
        data = data.clone();
    }

    /** An echo request (type 8) with identifier, sequence number and data. */
    public static IcmpRepr echoRequest(int identifier, int sequence, byte[] data) {
        return new IcmpRepr(IcmpView.ECHO_REQUEST, 0, (identifier & 0xffff) << 16 | (sequence & 0xffff), data);
    }

    /** Reads and checks a message of {@code messageLength} bytes (checksum included). */
    public static IcmpRepr parse(IcmpView view, int messageLength) {
        if (messageLength < IcmpView.HEADER_LENGTH || messageLength > view.length()) {
            throw new MalformedPacketException("ICMP message length " + messageLength + " outside 8.." + view.length());
        }
        if (!view.verifyChecksum(messageLength)) {
            throw new MalformedPacketException("ICMP checksum 0x" + Integer.toHexString(view.checksum()) + " is wrong");
        }
        int dataOffset = view.offset() + IcmpView.HEADER_LENGTH;
        return new IcmpRepr(view.type(), view.code(), view.restOfHeader(),
                Arrays.copyOfRange(view.buffer(), dataOffset, view.offset() + messageLength));
    }

    /** Bytes this message takes: 8 plus the data. */
    public int length() {
        return IcmpView.HEADER_LENGTH + data.length;
    }

    /** Writes the message (the view must have {@link #length()} bytes) with a correct checksum. */
    public void emit(IcmpView view) {
        view.setType(type);
        view.setCode(code);
        view.setRestOfHeader(restOfHeader);
        System.arraycopy(data, 0, view.buffer(), view.offset() + IcmpView.HEADER_LENGTH, data.length);
        view.fillChecksum(length());
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IcmpRepr r && r.type == type && r.code == code && r.restOfHeader == restOfHeader
                && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return ((type * 31 + code) * 31 + restOfHeader) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IcmpRepr[type=" + type + ", code=" + code + ", rest=0x" + Integer.toHexString(restOfHeader)
                + ", data=" + HexFormat.of().formatHex(data) + "]";
    }
}
