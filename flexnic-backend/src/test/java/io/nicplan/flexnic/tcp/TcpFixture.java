package io.nicplan.flexnic.tcp;

import io.nicplan.flexnic.packet.Bytes;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.packet.InternetChecksum;
import io.nicplan.flexnic.packet.TcpRepr;
import io.nicplan.flexnic.packet.TcpView;
import io.nicplan.flexnic.pipeline.PacketMetadata;
import io.nicplan.flexnic.pipeline.Parser;
import io.nicplan.flexnic.pipeline.ParserConfig;
import io.nicplan.flexnic.program.FlowSpec;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A FlexTCP fast path with its surroundings for tests: host memory, the frames it sends
 * (captured and parsed back with checksums checked), the application events it raises, and a
 * peer that builds real frames with {@link FrameBuilder} and hands them over the way the
 * emulator does (parser first, then the engine).
 */
final class TcpFixture {

    static final Ipv4Address LOCAL_IP = Ipv4Address.parse("10.0.0.1");
    static final Ipv4Address REMOTE_IP = Ipv4Address.parse("10.0.0.2");
    static final MacAddress LOCAL_MAC = MacAddress.parse("02:00:00:00:00:01");
    static final MacAddress REMOTE_MAC = MacAddress.parse("02:00:00:00:00:02");
    static final int LOCAL_PORT = 80;
    static final int REMOTE_PORT = 40_000;
    static final int SLOW_PATH_QUEUE = 3;

    final byte[] memory;
    final List<byte[]> sent = new ArrayList<>();
    final List<int[]> events = new ArrayList<>();
    final FlexTcpFastPath fast;
    final Parser parser = new Parser(new ParserConfig(4096, false));
    final PacketMetadata metadata = new PacketMetadata();
    long now = 1_000_000_000L;

    TcpFixture(int slots, int memoryBytes) {
        this.memory = new byte[memoryBytes];
        this.fast = new FlexTcpFastPath(new FastPathConfig(slots, LOCAL_MAC.value(), FastPathConfig.DEFAULT_MSS,
                SLOW_PATH_QUEUE), memory, (frame, offset, length) -> sent.add(Arrays.copyOfRange(frame, offset,
                offset + length)), (context, opaque, slot, received, acked, bits) -> events.add(
                new int[] {context, opaque, slot, received, acked, bits}));
    }

    /** A flow from REMOTE_PORT + {@code index} with buffers at {@code index * 2 * bufferBytes}. */
    FlowSpec flow(int index, int bufferBytes, int rxNextSeq, int txNextSeq) {
        int base = index * 2 * bufferBytes;
        return FlowSpec.of(LOCAL_IP.bits(), REMOTE_IP.bits(), LOCAL_PORT, REMOTE_PORT + index, REMOTE_MAC.value(),
                base, bufferBytes, base + bufferBytes, bufferBytes, rxNextSeq, txNextSeq).withContext(7, 100 + index);
    }

    int install(FlowSpec spec) {
        return fast.install(spec).orElseThrow();
    }

    /** A segment from the peer of flow {@code index}: ACK|PSH unless flags say otherwise, timestamps on. */
    FrameBuilder segment(int index, int seq, int ack, int flags, byte[] payload) {
        return FrameBuilder.ethernet().src(REMOTE_MAC).dst(LOCAL_MAC).ipv4(REMOTE_IP, LOCAL_IP)
                .tcp(REMOTE_PORT + index, LOCAL_PORT).seq(seq).ack(ack).flags(flags).window(65_535)
                .timestamps(0x1000, 0).payload(payload);
    }

    /** Hands a frame to the engine as the emulator does; returns the engine's verdict, or Integer.MIN_VALUE if the parser refused it. */
    int deliver(byte[] frame) {
        if (!parser.parse(frame, 0, frame.length, metadata)) {
            return Integer.MIN_VALUE;
        }
        return fast.process(frame, 0, frame.length, metadata, now);
    }

    /** The last frame sent, parsed back (checks both checksums). */
    Sent lastSent() {
        return parse(sent.get(sent.size() - 1));
    }

    /** A frame the fast path sent, as values; checksums and lengths verified. */
    Sent parse(byte[] frame) {
        PacketMetadata m = new PacketMetadata();
        if (!new Parser(ParserConfig.DEFAULT).parse(frame, 0, frame.length, m)) {
            throw new AssertionError("the fast path sent a frame the parser refuses: " + m.dropReason());
        }
        int ip = m.l3Offset();
        int segmentLength = Bytes.u16(frame, ip + 2) - 20;
        TcpRepr tcp = TcpRepr.parse(TcpView.over(frame, m.l4Offset(), frame.length - m.l4Offset()),
                Bytes.u32(frame, ip + 12), Bytes.u32(frame, ip + 16), segmentLength);
        return new Sent(Bytes.u48(frame, 0), Bytes.u48(frame, 6), Bytes.u32(frame, ip + 12), Bytes.u32(frame, ip + 16),
                frame[ip + 1] & 3, (frame[ip] & 0x0f), tcp);
    }

    /** A sent frame: Ethernet addresses, IPv4 addresses and ECN bits, the TCP segment. */
    record Sent(long dstMac, long srcMac, int srcIp, int dstIp, int ecn, int ihl, TcpRepr tcp) {
    }

    /** Inserts four bytes of IPv4 options (NOP, NOP, NOP, EOL) and fixes lengths and checksums. */
    static byte[] withIpOptions(byte[] frame) {
        int ip = 14;
        int total = Bytes.u16(frame, ip + 2);
        byte[] out = new byte[Math.max(frame.length + 4, 60)];
        System.arraycopy(frame, 0, out, 0, ip + 20);
        out[ip + 20] = 1;
        out[ip + 21] = 1;
        out[ip + 22] = 1;
        out[ip + 23] = 0;
        System.arraycopy(frame, ip + 20, out, ip + 24, frame.length - ip - 20);
        out[ip] = 0x46;
        Bytes.setU16(out, ip + 2, total + 4);
        Bytes.setU16(out, ip + 10, 0);
        Bytes.setU16(out, ip + 10, InternetChecksum.of(out, ip, 24));
        return out;
    }

    static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
