package io.nicplan.flexnic.pipeline;

import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.net.RssHashType;
import io.nicplan.net.Toeplitz;
import java.util.List;

/** An RSS context for the packet path: Toeplitz tables, hash type and indirection table. */
public final class CompiledRss {

    private static final int IP_SRC = HeaderField.IP_SRC.ordinal();
    private static final int IP_DST = HeaderField.IP_DST.ordinal();
    private static final int L4_SPORT = HeaderField.L4_SPORT.ordinal();
    private static final int L4_DPORT = HeaderField.L4_DPORT.ordinal();
    /** First of the four consecutive word fields of the IPv6 source, and of the destination. */
    private static final int IP6_SRC = HeaderField.IP6_SRC_W0.ordinal();
    private static final int IP6_DST = HeaderField.IP6_DST_W0.ordinal();

    private final Toeplitz toeplitz;
    private final boolean tcpPorts;
    private final boolean udpPorts;
    /** Whether the type hashes IPv4 at all (an {@code ipv6*} type does not: hash 0, as the embedder's RssSpec). */
    private final boolean ipv4;
    /** Whether the type is an {@code _ex} one, hashing IPv6 over the extension headers' addresses. */
    private final boolean extensions;
    private final RssHashType type;
    private final int[] indirection;
    private final int bucketMask;

    /** @param indirection queue per bucket; its size is a power of two */
    public CompiledRss(byte[] key, RssHashType type, List<Integer> indirection) {
        if (Integer.bitCount(indirection.size()) != 1) {
            throw new IllegalArgumentException("indirection table size must be a power of two, got " + indirection.size());
        }
        this.toeplitz = Toeplitz.withKey(key);
        this.tcpPorts = type.hashesTcpPorts();
        this.udpPorts = type.hashesUdpPorts();
        this.ipv4 = type.hashesIpv4();
        this.extensions = type.hashesIpv6Extensions();
        this.type = type;
        this.indirection = indirection.stream().mapToInt(Integer::intValue).toArray();
        this.bucketMask = indirection.size() - 1;
    }

    /** The packet's RSS hash: 0 for a packet the type does not hash (neither IPv4 nor IPv6, or a family it leaves out). */
    int hash(PacketMetadata m) {
        if (m.l3 == PacketMetadata.L3_IPV6) {
            long[] f = m.fields;
            long proto = m.l4 == PacketMetadata.L4_TCP ? 6 : m.l4 == PacketMetadata.L4_UDP ? 17 : -1;
            if (extensions) {
                // the _ex types: the Home Address option's and type-2 routing header's addresses where present
                return type.hashIpv6(toeplitz, proto, m.exSrcHigh, m.exSrcLow, m.exDstHigh, m.exDstLow,
                        (int) f[L4_SPORT], (int) f[L4_DPORT]);
            }
            return type.hashIpv6(toeplitz, proto, (f[IP6_SRC] << 32) | f[IP6_SRC + 1], (f[IP6_SRC + 2] << 32) | f[IP6_SRC + 3],
                    (f[IP6_DST] << 32) | f[IP6_DST + 1], (f[IP6_DST + 2] << 32) | f[IP6_DST + 3],
                    (int) f[L4_SPORT], (int) f[L4_DPORT]);
        }
        if (m.l3 != PacketMetadata.L3_IPV4 || !ipv4) {
            return 0;
        }
        long[] f = m.fields;
        int src = (int) f[IP_SRC];
        int dst = (int) f[IP_DST];
        if ((m.l4 == PacketMetadata.L4_TCP && tcpPorts) || (m.l4 == PacketMetadata.L4_UDP && udpPorts)) {
            return toeplitz.hash(src, dst, (int) f[L4_SPORT], (int) f[L4_DPORT]);
        }
        return toeplitz.hashIpv4(src, dst);
    }

    /** The bucket (low bits of the hash) the hash falls in. */
    int bucket(int hash) {
        return hash & bucketMask;
    }

    int queue(int hash) {
        return indirection[hash & bucketMask];
    }

    /** A copy of the indirection table. */
    public int[] indirection() {
        return indirection.clone();
    }
}
