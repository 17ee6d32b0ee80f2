package io.nicplan.flexnic.packet;

import java.util.Arrays;
import java.util.HexFormat;

/** A UDP datagram as a value: ports and payload. */
record UdpRepr(int srcPort, int dstPort, byte[] payload) {

    public UdpRepr {
        if (srcPort < 0 || srcPort > 0xffff || dstPort < 0 || dstPort > 0xffff) {
            throw new IllegalArgumentException("UDP ports must be 0..65535, got " + srcPort + " -> " + dstPort);
        }
        payload = payload.clone();
    }

    /**
     * Reads and checks a datagram: length field within the view, checksum with the pseudo-header.
     *
     * @throws MalformedPacketException naming the failed check
     */
    public static UdpRepr parse(UdpView view, int srcIp, int dstIp) {
        if (view.length() < UdpView.HEADER_LENGTH) {
            throw new MalformedPacketException("UDP header needs 8 bytes, has " + view.length());
        }
        int length = view.udpLength();
        if (length < UdpView.HEADER_LENGTH || length > view.length()) {
            throw new MalformedPacketException("UDP length " + length + " outside 8.." + view.length());
        }
        if (!view.verifyChecksum(srcIp, dstIp)) {
            throw new MalformedPacketException("UDP checksum 0x" + Integer.toHexString(view.checksum()) + " is wrong");
        }
        return new UdpRepr(view.srcPort(), view.dstPort(),
                Arrays.copyOfRange(view.buffer(), view.payloadOffset(), view.offset() + length));
    }

    /** Header plus payload. */
    public int length() {
        return UdpView.HEADER_LENGTH + payload.length;
    }

    /** Writes the datagram (the view must have {@link #length()} bytes) with a correct checksum. */
    public void emit(UdpView view, int srcIp, int dstIp) {
        view.setSrcPort(srcPort);
        view.setDstPort(dstPort);
        view.setUdpLength(length());
        System.arraycopy(payload, 0, view.buffer(), view.payloadOffset(), payload.length);
        view.fillChecksum(srcIp, dstIp);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UdpRepr r && r.srcPort == srcPort && r.dstPort == dstPort && Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
        return (srcPort * 31 + dstPort) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "UdpRepr[" + srcPort + " -> " + dstPort + ", payload=" + HexFormat.of().formatHex(payload) + "]";
    }
}
