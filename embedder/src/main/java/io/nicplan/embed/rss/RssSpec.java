package io.nicplan.embed.rss;

import io.nicplan.graph.Attributes;
import io.nicplan.graph.Node;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Ipv6Field;
import io.nicplan.net.Ipv6Address;
import io.nicplan.net.RssHashType;
import io.nicplan.net.Toeplitz;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * How an RSS node computes {@code rss.bucket}: hash type, Toeplitz key and indirection-table
 * size. The bucket is the hash's low bits, {@code hash & (entries - 1)}, so {@code entries} is a
 * power of two. A packet of a family the hash type does not enable, or neither IPv4 nor IPv6, gets
 * bucket 0 (no hash type applies).
 *
 * <p>An {@code _ex} type ({@link RssHashType#hashesIpv6Extensions}) hashes the packet's addresses as given: a flow of
 * a protocol state is the transport's view of the traffic, whose ends are the home addresses a Home Address option or
 * a type-2 routing header carries on the wire (RFC 6275), which is what the NIC hashes under {@code _ex}.
 *
 * <p>An RSS node carries this as attributes ({@code rss.hash}, {@code rss.key} in hex,
 * {@code rss.entries}) next to {@code implementation "rss_toeplitz"}; every interpreter of a
 * configured graph computes the bucket from them before evaluating the node's ports.
 */
public final class RssSpec {
    /** Implementation name of a node that computes {@code rss.bucket}. */
    public static final String IMPLEMENTATION = "rss_toeplitz";
    private static final long ETH_IPV4 = 0x0800;
    private static final long ETH_IPV6 = 0x86DD;

    private final RssHashType type;
    private final Toeplitz toeplitz;
    private final int entries;

    public RssSpec(RssHashType type, Toeplitz toeplitz, int entries) {
        this.type = Objects.requireNonNull(type, "type");
        this.toeplitz = Objects.requireNonNull(toeplitz, "toeplitz");
        if (entries <= 0 || Integer.bitCount(entries) != 1 || entries > 65_536) {
            throw new IllegalArgumentException("RSS table size " + entries + " is not a power of two in 1..65536");
        }
        this.entries = entries;
    }

    public RssHashType type() {
        return type;
    }

    public Toeplitz toeplitz() {
        return toeplitz;
    }

    public int entries() {
        return entries;
    }

    /** The indirection-table index of a packet (header fields indexed by {@link HeaderField#ordinal()}). */
    public int bucket(long[] packet) {
        return hash(packet) & (entries - 1);
    }

    /**
     * The Toeplitz hash of a packet under this spec's type (header fields indexed by
     * {@link HeaderField#ordinal()}): 0 for a packet of a family the type does not hash, and for
     * anything but IPv4 and IPv6.
     */
    public int hash(long[] packet) {
        long ethType = packet[HeaderField.ETH_TYPE.ordinal()];
        long proto = packet[HeaderField.IP_PROTO.ordinal()];
        int sport = (int) packet[HeaderField.L4_SPORT.ordinal()];
        int dport = (int) packet[HeaderField.L4_DPORT.ordinal()];
        if (ethType == ETH_IPV4) {
            return type.hash(toeplitz, proto, (int) packet[HeaderField.IP_SRC.ordinal()],
                    (int) packet[HeaderField.IP_DST.ordinal()], sport, dport);
        }
        if (ethType == ETH_IPV6) {
            Ipv6Address src = Ipv6Field.SRC.get(packet);
            Ipv6Address dst = Ipv6Field.DST.get(packet);
            return type.hashIpv6(toeplitz, proto, src.high(), src.low(), dst.high(), dst.low(), sport, dport);
        }
        return 0;
    }

    /** The attributes an RSS node carries for this spec. */
    public Attributes toAttributes() {
        return Attributes.NONE.with("rss.hash=" + type.symbol())
                .with("rss.key=" + HexFormat.of().formatHex(toeplitz.key()))
                .with("rss.entries=" + entries);
    }

    /** The spec of a node with {@code implementation "rss_toeplitz"}; empty for other nodes or bad attributes. */
    public static Optional<RssSpec> of(Node node) {
        if (!node.implementation().map(IMPLEMENTATION::equals).orElse(false)) {
            return Optional.empty();
        }
        Attributes a = node.attributes();
        Optional<RssHashType> type = a.value("rss.hash").flatMap(RssHashType::bySymbol);
        Optional<String> key = a.value("rss.key");
        Optional<String> entries = a.value("rss.entries");
        if (type.isEmpty() || entries.isEmpty()) {
            return Optional.empty();
        }
        try {
            Toeplitz t = key.map(k -> Toeplitz.withKey(HexFormat.of().parseHex(k))).orElse(Toeplitz.standard());
            return Optional.of(new RssSpec(type.get(), t, Integer.parseInt(entries.get())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
