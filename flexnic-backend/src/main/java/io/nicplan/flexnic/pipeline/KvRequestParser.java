package io.nicplan.flexnic.pipeline;

import io.nicplan.flexnic.packet.Bytes;
import io.nicplan.graph.predicate.HeaderField;
import java.util.zip.CRC32C;

/**
 * The application-header stage of FlexNIC's programmable parser, as the paper's key-value steering
 * program uses it (Kaufmann et al., ASPLOS 2016): it finds the key of a memcached binary-protocol
 * request sent to one port and writes {@code kv.magic}, {@code kv.opcode}, {@code kv.key_len} and
 * {@code kv.key_hash} (CRC32C of the key bytes) for the match-action stages.
 *
 * <p>Layout (memcached's binary protocol, "Request header"): a 24-byte header, magic {@code 0x80}
 * at byte 0, opcode at 1, key length at 2-3, extras length at 4, total body length at 8-11; the
 * extras follow the header and the key follows the extras. Over UDP every datagram starts with
 * memcached's 8-byte frame header (request id, sequence number, datagram count, reserved; its
 * protocol text, "UDP protocol"), and a request is read from the first datagram (sequence 0).
 * Over TCP the request is read at the start of the segment's payload (a request that does not
 * begin a segment is not recognised: the NIC does not reassemble streams).
 *
 * <p>A packet that is not such a request (another port, too short, another magic, a key that runs
 * past the body or the payload, an empty key) keeps the fields at 0: the parser recognises nothing,
 * it drops nothing. Allocation-free.
 */
final class KvRequestParser {

    /** Magic byte of a binary-protocol request. */
    static final int REQUEST_MAGIC = 0x80;
    /** Bytes of the binary protocol's request header. */
    static final int HEADER_LENGTH = 24;
    /** Bytes of memcached's UDP frame header. */
    static final int UDP_FRAME_HEADER = 8;

    private static final int L4_DPORT = HeaderField.L4_DPORT.ordinal();
    private static final int KV_MAGIC = HeaderField.KV_MAGIC.ordinal();
    private static final int KV_OPCODE = HeaderField.KV_OPCODE.ordinal();
    private static final int KV_KEY_LEN = HeaderField.KV_KEY_LEN.ordinal();
    private static final int KV_KEY_HASH = HeaderField.KV_KEY_HASH.ordinal();
    private static final int META_HASH = HeaderField.META_HASH.ordinal();

    private final int port;
    private final CRC32C crc = new CRC32C();

    KvRequestParser(int port) {
        this.port = port;
    }

    /** Sets every field this stage writes to 0 (on each packet, before the headers are parsed). */
    static void clear(long[] f) {
        f[KV_MAGIC] = 0;
        f[KV_OPCODE] = 0;
        f[KV_KEY_LEN] = 0;
        f[KV_KEY_HASH] = 0;
        f[META_HASH] = 0;
    }

    /** Reads the request header of an accepted packet, if it carries one. */
    void read(byte[] b, PacketMetadata m) {
        long[] f = m.fields;
        if ((m.l4 != PacketMetadata.L4_UDP && m.l4 != PacketMetadata.L4_TCP) || f[L4_DPORT] != port || m.payloadOffset < 0) {
            return;
        }
        int start = m.payloadOffset;
        int available = m.payloadLength;
        if (m.l4 == PacketMetadata.L4_UDP) {
            if (available < UDP_FRAME_HEADER || Bytes.u16(b, start + 2) != 0) {
                return;
            }
            start += UDP_FRAME_HEADER;
            available -= UDP_FRAME_HEADER;
        }
        if (available < HEADER_LENGTH || (b[start] & 0xff) != REQUEST_MAGIC) {
            return;
        }
        int keyLength = Bytes.u16(b, start + 2);
        int extrasLength = b[start + 4] & 0xff;
        long bodyLength = Bytes.u32(b, start + 8) & 0xffffffffL;
        if (keyLength == 0 || extrasLength + keyLength > bodyLength || HEADER_LENGTH + extrasLength + keyLength > available) {
            return;
        }
        crc.reset();
        crc.update(b, start + HEADER_LENGTH + extrasLength, keyLength);
        f[KV_MAGIC] = REQUEST_MAGIC;
        f[KV_OPCODE] = b[start + 1] & 0xff;
        f[KV_KEY_LEN] = keyLength;
        f[KV_KEY_HASH] = crc.getValue();
    }
}
