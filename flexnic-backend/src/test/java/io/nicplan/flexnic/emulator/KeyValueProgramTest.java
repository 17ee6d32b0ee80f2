package io.nicplan.flexnic.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.pipeline.DropReason;
import io.nicplan.flexnic.pipeline.PacketMetadata;
import io.nicplan.flexnic.pipeline.PacketOutcome;
import io.nicplan.flexnic.pipeline.Parser;
import io.nicplan.flexnic.pipeline.ParserConfig;
import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.EntrySyntax;
import io.nicplan.flexnic.program.FieldMatch;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.program.KeyField;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.flexnic.runtime.StatusCode;
import io.nicplan.flexnic.runtime.Update;
import io.nicplan.flexnic.runtime.WriteRequest;
import io.nicplan.graph.predicate.HeaderField;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * The pieces of FlexNIC's key-value steering program (ASPLOS 2016) in the emulator, with real
 * memcached binary-protocol requests in UDP and TCP frames whose checksums the parser verifies:
 * the application-header parser, the hash into metadata, later stages matching metadata and
 * marks, DMA of chosen fields, and rate limits counted per queue.
 */
class KeyValueProgramTest {

    private static final ParserConfig KV = ParserConfig.DEFAULT.withKvPort(ParserConfig.MEMCACHED_PORT);
    private final SimulatedClock clock = new SimulatedClock(0);

    /** A binary-protocol request built field by field from memcached's "Request header" layout. */
    private static byte[] request(int magic, int opcode, byte[] extras, String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(24 + extras.length + k.length);
        b.put((byte) magic).put((byte) opcode).putShort((short) k.length).put((byte) extras.length).put((byte) 0)
                .putShort((short) 0).putInt(extras.length + k.length).putInt(0x1234).putLong(0);
        b.put(extras).put(k);
        return b.array();
    }

    /** memcached's UDP frame header (request id, sequence number, datagram count, reserved), then the request. */
    private static byte[] udpDatagram(int sequence, byte[] request) {
        return ByteBuffer.allocate(8 + request.length).putShort((short) 7).putShort((short) sequence).putShort((short) 1)
                .putShort((short) 0).put(request).array();
    }

    private static byte[] udpFrame(int sport, int dport, byte[] payload) {
        return FrameBuilder.ethernet().ipv4("10.0.1.1", "10.0.0.1").udp(sport, dport).payload(payload).build();
    }

    private static byte[] tcpFrame(int sport, int dport, byte[] payload) {
        return FrameBuilder.ethernet().ipv4("10.0.2.1", "10.0.0.1").tcp(sport, dport).flags(0x18).seq(1).ack(1).payload(payload).build();
    }

    private static long crc32c(String key) {
        CRC32C crc = new CRC32C();
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        crc.update(b, 0, b.length);
        return crc.getValue();
    }

    private static PacketMetadata parse(byte[] frame) {
        PacketMetadata m = new PacketMetadata();
        assertThat(new Parser(KV).parse(frame, 0, frame.length, m)).as("accepted (checksums verified)").isTrue();
        return m;
    }

    @Test
    void theParserReadsTheKeyOfRequestsOverUdpAndTcp() {
        PacketMetadata udp = parse(udpFrame(40001, 11211, udpDatagram(0, request(0x80, 0x00, new byte[0], "user:1001"))));
        assertThat(udp.field(HeaderField.KV_MAGIC)).isEqualTo(0x80);
        assertThat(udp.field(HeaderField.KV_OPCODE)).isZero();
        assertThat(udp.field(HeaderField.KV_KEY_LEN)).isEqualTo(9);
        assertThat(udp.field(HeaderField.KV_KEY_HASH)).isEqualTo(crc32c("user:1001"));

        // A SET carries 8 bytes of extras (flags, expiry) before the key.
        PacketMetadata set = parse(tcpFrame(50001, 11211, request(0x80, 0x01, new byte[8], "cart:42")));
        assertThat(set.field(HeaderField.KV_OPCODE)).isEqualTo(0x01);
        assertThat(set.field(HeaderField.KV_KEY_LEN)).isEqualTo(7);
        assertThat(set.field(HeaderField.KV_KEY_HASH)).isEqualTo(crc32c("cart:42"));
    }

    @Test
    void whatIsNotARequestLeavesTheFieldsAtZeroAndIsNotDropped() {
        List<byte[]> frames = List.of(
                udpFrame(40001, 11212, udpDatagram(0, request(0x80, 0, new byte[0], "k"))),   // another port
                udpFrame(40001, 11211, udpDatagram(0, request(0x81, 0, new byte[0], "k"))),   // a response's magic
                udpFrame(40001, 11211, udpDatagram(1, request(0x80, 0, new byte[0], "k"))),   // not the first datagram
                udpFrame(40001, 11211, request(0x80, 0, new byte[0], "key")),                  // no frame header: misread
                tcpFrame(50001, 11211, java.util.Arrays.copyOf(request(0x80, 0, new byte[0], "long-key"), 28)), // key past the payload
                tcpFrame(50001, 11211, request(0x80, 0, new byte[0], "")));                    // no key
        for (byte[] f : frames) {
            PacketMetadata m = parse(f);
            assertThat(m.field(HeaderField.KV_MAGIC)).isZero();
            assertThat(m.field(HeaderField.KV_KEY_HASH)).isZero();
        }
        // Without a kv port the parser reads no application header at all.
        byte[] frame = udpFrame(40001, 11211, udpDatagram(0, request(0x80, 0, new byte[0], "user:1001")));
        PacketMetadata plain = new PacketMetadata();
        assertThat(new Parser(ParserConfig.DEFAULT).parse(frame, 0, frame.length, plain)).isTrue();
        assertThat(plain.field(HeaderField.KV_MAGIC)).isZero();
    }

    @Test
    void aBadUdpChecksumOnARequestIsStillADropReason() {
        byte[] frame = udpFrame(40001, 11211, udpDatagram(0, request(0x80, 0, new byte[0], "user:1001")));
        frame[frame.length - 1] ^= 0x01;
        PacketMetadata m = new PacketMetadata();
        assertThat(new Parser(KV).parse(frame, 0, frame.length, m)).isFalse();
        assertThat(m.dropReason()).isEqualTo(DropReason.BAD_L4_CHECKSUM);
    }

    /**
     * Stage 0 hashes the key of requests into meta.hash (8 buckets) and marks them; stage 1 maps
     * each bucket to a queue (an exact table on metadata); stage 2 matches the mark and counts.
     */
    private FlexNicEmulator keyValueNic(int buckets, int queues) {
        return keyValueNic(buckets, queues, KV);
    }

    private FlexNicEmulator keyValueNic(int buckets, int queues, ParserConfig parser) {
        FlexNicProgram program = FlexNicProgram.builder().rxQueues(queues).defaultQueue(0).counter("requests")
                .table("hash", 0, 16, ActionSpec.NO_ACTION, KeyField.ternary(HeaderField.KV_MAGIC), KeyField.ternary(HeaderField.L4_DPORT))
                .table("owner", 1, 64, ActionSpec.NO_ACTION, KeyField.exact(HeaderField.KV_MAGIC), KeyField.exact(HeaderField.META_HASH))
                .table("marked", 2, 4, ActionSpec.NO_ACTION, KeyField.ternary(HeaderField.META_MARK))
                .build();
        FlexNicEmulator nic = new FlexNicEmulator(program, EmulatorConfig.DEFAULT.withParser(parser), clock);
        List<Update> updates = new ArrayList<>();
        updates.add(Update.insert(new TableEntry("hash", List.of(FieldMatch.ternary(HeaderField.KV_MAGIC, 0x80, 0xff),
                FieldMatch.ternary(HeaderField.L4_DPORT, 11211, 0xffff)), 1, EntrySyntax.parseAction("hash(" + buckets + ") mark(0x5/0xff)"))));
        for (int b = 0; b < buckets; b++) {
            updates.add(Update.insert(TableEntry.of("owner", List.of(FieldMatch.exact(HeaderField.KV_MAGIC, 0x80),
                    FieldMatch.exact(HeaderField.META_HASH, b)), ActionSpec.queue(b % queues))));
        }
        updates.add(Update.insert(new TableEntry("marked", List.of(FieldMatch.ternary(HeaderField.META_MARK, 0x5, 0xff)), 1,
                EntrySyntax.parseAction("count(requests)"))));
        assertThat(nic.runtime().write(WriteRequest.atomic(updates)).statuses())
                .allSatisfy(s -> assertThat(s.code()).isEqualTo(StatusCode.OK));
        return nic;
    }

    @Test
    void requestsLandOnTheQueueOfTheirKeysBucketWhateverTheirFlow() {
        FlexNicEmulator nic = keyValueNic(8, 8);
        int n = 0;
        for (int i = 0; i < 200; i++) {
            String key = "user:" + i;
            // Each key from a different client port and, every other one, over TCP.
            byte[] frame = i % 2 == 0 ? udpFrame(40000 + i, 11211, udpDatagram(0, request(0x80, 0, new byte[0], key)))
                    : tcpFrame(50000 + i, 11211, request(0x80, 0, new byte[0], key));
            PacketOutcome out = nic.receive(frame);
            assertThat(out.queue()).as(key).isEqualTo((int) (crc32c(key) % 8));
            n++;
        }
        // Stage 2 matched the mark stage 0 set on every request.
        assertThat(nic.runtime().readCounter("requests").packets()).isEqualTo(n);
        assertThat(nic.counters().delivered()).isEqualTo(n);
        assertThat(nic.counters().perQueue().stream().filter(c -> c > 0).count()).isEqualTo(8);
        // A packet that is no request: no hash, no mark, the default queue.
        PacketOutcome other = nic.receive(udpFrame(40001, 9999, new byte[32]));
        assertThat(other.queue()).isZero();
        assertThat(other.mark()).isZero();
        assertThat(nic.runtime().readCounter("requests").packets()).isEqualTo(n);
    }

    @Test
    void theKeysOfRequestsAndTheirHashGoIntoAnApplicationRing() {
        FlexNicProgram program = FlexNicProgram.builder().rxQueues(1).dmaRing("kv", 8, 64)
                .table("to_app", 0, 4, ActionSpec.NO_ACTION, KeyField.ternary(HeaderField.KV_MAGIC)).build();
        FlexNicEmulator nic = new FlexNicEmulator(program, EmulatorConfig.DEFAULT.withParser(KV), clock);
        assertThat(nic.runtime().write(WriteRequest.atomic(List.of(Update.insert(new TableEntry("to_app",
                List.of(FieldMatch.ternary(HeaderField.KV_MAGIC, 0x80, 0xff)), 1,
                EntrySyntax.parseAction("dma(kv: kv.opcode, kv.key_hash)")))))).statuses())
                .allSatisfy(s -> assertThat(s.code()).isEqualTo(StatusCode.OK));
        nic.receive(udpFrame(40001, 11211, udpDatagram(0, request(0x80, 0x0c, new byte[0], "page:index"))));
        byte[] record = nic.dmaRing("kv").poll().orElseThrow().bytes();
        long hash = crc32c("page:index");
        assertThat(record).containsExactly(0x0c, (int) (hash >>> 24) & 0xff, (int) (hash >>> 16) & 0xff, (int) (hash >>> 8) & 0xff,
                (int) hash & 0xff);
    }

    @Test
    void rateLimitsArePerQueueAndCountedThere() {
        // Queue 1 at 1 Mbit/s with a 600-byte burst, queue 2 at 10 Gbit/s: 100 frames each at one instant.
        FlexNicProgram program = FlexNicProgram.builder().rxQueues(4).rateClass("q1", 1_000_000L, 600)
                .rateClass("q2", 10_000_000_000L, 1 << 20)
                .table("steer", 0, 4, ActionSpec.NO_ACTION, KeyField.exact(HeaderField.L4_DPORT)).build();
        FlexNicEmulator nic = new FlexNicEmulator(program, EmulatorConfig.DEFAULT.withRxRingSize(256), clock);
        assertThat(nic.runtime().write(WriteRequest.atomic(List.of(
                Update.insert(TableEntry.of("steer", List.of(FieldMatch.exact(HeaderField.L4_DPORT, 11211)), EntrySyntax.parseAction("queue(1) rate(q1)"))),
                Update.insert(TableEntry.of("steer", List.of(FieldMatch.exact(HeaderField.L4_DPORT, 9000)), EntrySyntax.parseAction("queue(2) rate(q2)")))
        ))).statuses()).allSatisfy(s -> assertThat(s.code()).isEqualTo(StatusCode.OK));
        byte[] toOne = udpFrame(40001, 11211, new byte[18]);   // 60 bytes
        byte[] toTwo = udpFrame(40001, 9000, new byte[18]);
        assertThat(toOne).hasSize(60);
        for (int i = 0; i < 100; i++) {
            nic.receive(toOne);
            nic.receive(toTwo);
        }
        // The 600-byte bucket passes exactly ten 60-byte frames; the clock does not move.
        assertThat(nic.counters().perQueue().get(1)).isEqualTo(10);
        assertThat(nic.rateLimited(1)).isEqualTo(90);
        assertThat(nic.rateLimitedBy("q1")).isEqualTo(90);
        assertThat(nic.counters().perQueue().get(2)).isEqualTo(100);
        assertThat(nic.rateLimited(2)).isZero();
        assertThat(nic.rateLimitedBy("q2")).isZero();
        assertThat(nic.counters().drops(DropReason.RATE_LIMITED)).isEqualTo(90);
        // A millisecond refills 1 Mbit/s x 1 ms = 125 bytes: two more frames pass.
        clock.advanceBy(1_000_000);
        for (int i = 0; i < 5; i++) {
            nic.receive(toOne);
        }
        assertThat(nic.counters().perQueue().get(1)).isEqualTo(12);
        assertThat(nic.rateLimited(1)).isEqualTo(93);
    }

    @Test
    void mutatedRequestsNeverThrowAndEveryFrameIsAccounted() {
        // 20,000 seeded mutations of real requests (header bytes, lengths, truncation) through the
        // key-value program: the application-header stage reads only inside the payload. Checksums
        // are flagged, not dropped, so every mutated request reaches the stage.
        FlexNicEmulator nic = keyValueNic(8, 8, new ParserConfig(ParserConfig.STANDARD_MAX_FRAME, false, ParserConfig.MEMCACHED_PORT));
        java.util.Random random = new java.util.Random(14);
        for (int i = 0; i < 20_000; i++) {
            String key = "k" + random.nextInt(1000);
            byte[] req = request(0x80, random.nextInt(4), new byte[random.nextInt(3) * 4], key);
            byte[] frame = random.nextBoolean() ? udpFrame(40000, 11211, udpDatagram(random.nextInt(2), req))
                    : tcpFrame(50000, 11211, req);
            int headerStart = 14 + 20 + (frame[23] == 17 ? 8 + 8 : 20);
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                int at = headerStart + random.nextInt(Math.max(1, frame.length - headerStart));
                frame[Math.min(at, frame.length - 1)] = (byte) random.nextInt(256);
            }
            int length = random.nextInt(4) == 0 ? 14 + random.nextInt(frame.length - 13) : frame.length;
            nic.receive(frame, 0, length);
        }
        NicCounters c = nic.counters();
        assertThat(c.rxFrames()).isEqualTo(20_000);
        assertThat(c.delivered() + c.totalDrops()).isEqualTo(c.rxFrames());
        // Some mutations leave a request the stage recognises (hashed and marked), others do not.
        long recognised = nic.runtime().readCounter("requests").packets();
        assertThat(recognised).isPositive().isLessThan(20_000);
        assertThat(c.drops(DropReason.BAD_L4_CHECKSUM)).isZero();
    }
}
