package io.nicplan.flexnic.packet;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A TCP segment as a value: header fields, the options the emulator knows (MSS, window scale,
 * SACK permitted, timestamps) and the payload.
 */
public record TcpRepr(int srcPort, int dstPort, int seq, int ack, int flags, int window, OptionalInt mss,
        OptionalInt windowScale, boolean sackPermitted, Optional<TcpTimestamps> timestamps, byte[] payload) {

    public TcpRepr {
        if (srcPort < 0 || srcPort > 0xffff || dstPort < 0 || dstPort > 0xffff) {
            throw new IllegalArgumentException("TCP ports must be 0..65535, got " + srcPort + " -> " + dstPort);
        }
        if (flags < 0 || flags > 0xff || window < 0 || window > 0xffff) {
            throw new IllegalArgumentException("TCP flags must be 0..255 and window 0..65535, got " + flags + ", " + window);
        }
        if (mss.isPresent() && (mss.getAsInt() < 0 || mss.getAsInt() > 0xffff)) {
            throw new IllegalArgumentException("TCP MSS must be 0..65535, got " + mss.getAsInt());
        }
        // RFC 7323 section 2.3: shift counts above 14 are treated as 14; refuse to build them.
        if (windowScale.isPresent() && (windowScale.getAsInt() < 0 || windowScale.getAsInt() > 14)) {
            throw new IllegalArgumentException("TCP window scale must be 0..14, got " + windowScale.getAsInt());
        }
        payload = payload.clone();
    }

    /** A segment without options or payload. */
    public static TcpRepr of(int srcPort, int dstPort, int seq, int ack, int flags, int window) {
        return new TcpRepr(srcPort, dstPort, seq, ack, flags, window, OptionalInt.empty(), OptionalInt.empty(), false,
                Optional.empty(), new byte[0]);
    }

    /**
     * Reads and checks a segment of {@code segmentLength} bytes: data offset, option syntax and
     * the checksum with the pseudo-header.
     *
     * @throws MalformedPacketException naming the failed check
     */
    public static TcpRepr parse(TcpView view, int srcIp, int dstIp, int segmentLength) {
        if (segmentLength < TcpView.HEADER_LENGTH || segmentLength > view.length()) {
            throw new MalformedPacketException("TCP segment length " + segmentLength + " outside 20.." + view.length());
        }
        int headerLength = view.headerLength();
        if (headerLength < TcpView.HEADER_LENGTH || headerLength > segmentLength) {
            throw new MalformedPacketException("TCP data offset " + view.dataOffset() + " words outside 5.." + segmentLength / 4);
        }
        if (!view.verifyChecksum(srcIp, dstIp, segmentLength)) {
            throw new MalformedPacketException("TCP checksum 0x" + Integer.toHexString(view.checksum()) + " is wrong");
        }
        TcpOptions options = view.options(new TcpOptions());
        if (options.malformed()) {
            throw new MalformedPacketException("TCP options run past the header");
        }
        return new TcpRepr(view.srcPort(), view.dstPort(), view.seq(), view.ack(), view.flags(), view.window(),
                options.mss() < 0 ? OptionalInt.empty() : OptionalInt.of(options.mss()),
                options.windowScale() < 0 ? OptionalInt.empty() : OptionalInt.of(Math.min(options.windowScale(), 14)),
                options.sackPermitted(),
                options.hasTimestamps()
                        ? Optional.of(new TcpTimestamps(options.timestampValue(), options.timestampEchoReply()))
                        : Optional.empty(),
                Arrays.copyOfRange(view.buffer(), view.offset() + headerLength, view.offset() + segmentLength));
    }

    public TcpRepr withMss(int value) {
        return new TcpRepr(srcPort, dstPort, seq, ack, flags, window, OptionalInt.of(value), windowScale, sackPermitted,
                timestamps, payload);
    }

    public TcpRepr withWindowScale(int shift) {
        return new TcpRepr(srcPort, dstPort, seq, ack, flags, window, mss, OptionalInt.of(shift), sackPermitted,
                timestamps, payload);
    }

    public TcpRepr withSackPermitted() {
        return new TcpRepr(srcPort, dstPort, seq, ack, flags, window, mss, windowScale, true, timestamps, payload);
    }

    public TcpRepr withTimestamps(int value, int echoReply) {
        return new TcpRepr(srcPort, dstPort, seq, ack, flags, window, mss, windowScale, sackPermitted,
                Optional.of(new TcpTimestamps(value, echoReply)), payload);
    }

    public TcpRepr withPayload(byte[] data) {
        return new TcpRepr(srcPort, dstPort, seq, ack, flags, window, mss, windowScale, sackPermitted, timestamps, data);
    }

    /**
     * Bytes of options as emitted, each option NOP-padded to a 4-byte boundary the way common
     * stacks lay them out: MSS 4, NOP+WS 4, NOP+NOP+SACK-permitted 4, NOP+NOP+TS 12.
     */
    public int optionsLength() {
        return (mss.isPresent() ? 4 : 0) + (windowScale.isPresent() ? 4 : 0) + (sackPermitted ? 4 : 0)
                + (timestamps.isPresent() ? 12 : 0);
    }

    public int headerLength() {
        return TcpView.HEADER_LENGTH + optionsLength();
    }

    /** Header, options and payload. */
    public int length() {
        return headerLength() + payload.length;
    }

    /** Writes the segment (the view must have {@link #length()} bytes) with a correct checksum. */
    public void emit(TcpView view, int srcIp, int dstIp) {
        view.setSrcPort(srcPort);
        view.setDstPort(dstPort);
        view.setSeq(seq);
        view.setAck(ack);
        view.setDataOffset(headerLength() / 4);
        view.setFlags(flags);
        view.setWindow(window);
        view.setUrgentPointer(0);
        byte[] b = view.buffer();
        int i = view.optionsOffset();
        if (mss.isPresent()) {
            b[i++] = TcpOptions.KIND_MSS;
            b[i++] = 4;
            Bytes.setU16(b, i, mss.getAsInt());
            i += 2;
        }
        if (windowScale.isPresent()) {
            b[i++] = TcpOptions.KIND_NOP;
            b[i++] = TcpOptions.KIND_WINDOW_SCALE;
            b[i++] = 3;
            b[i++] = (byte) windowScale.getAsInt();
        }
        if (sackPermitted) {
            b[i++] = TcpOptions.KIND_NOP;
            b[i++] = TcpOptions.KIND_NOP;
            b[i++] = TcpOptions.KIND_SACK_PERMITTED;
            b[i++] = 2;
        }
        if (timestamps.isPresent()) {
            b[i++] = TcpOptions.KIND_NOP;
            b[i++] = TcpOptions.KIND_NOP;
            b[i++] = TcpOptions.KIND_TIMESTAMPS;
            b[i++] = 10;
            Bytes.setU32(b, i, timestamps.get().value());
            Bytes.setU32(b, i + 4, timestamps.get().echoReply());
            i += 8;
        }
        System.arraycopy(payload, 0, b, i, payload.length);
        view.fillChecksum(srcIp, dstIp, length());
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TcpRepr r && r.srcPort == srcPort && r.dstPort == dstPort && r.seq == seq && r.ack == ack
                && r.flags == flags && r.window == window && r.mss.equals(mss) && r.windowScale.equals(windowScale)
                && r.sackPermitted == sackPermitted && r.timestamps.equals(timestamps) && Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
        return ((srcPort * 31 + dstPort) * 31 + seq) * 31 + ack + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "TcpRepr[" + srcPort + " -> " + dstPort + ", seq=" + Integer.toUnsignedString(seq) + ", ack="
                + Integer.toUnsignedString(ack) + ", flags=0x" + Integer.toHexString(flags) + ", window=" + window
                + ", mss=" + mss + ", ws=" + windowScale + ", sackPermitted=" + sackPermitted + ", ts=" + timestamps
                + ", payload=" + HexFormat.of().formatHex(payload) + "]";
    }
}
