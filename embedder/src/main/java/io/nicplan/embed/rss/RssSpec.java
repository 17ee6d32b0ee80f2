package io.nicplan.embed.rss;

import io.nicplan.graph.Attributes;
import io.nicplan.graph.Node;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.net.RssHashType;
import io.nicplan.net.Toeplitz;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * How an RSS node computes {@code rss.bucket}: hash type, Toeplitz key and indirection-table
 * size. The bucket is the hash's low bits, {@code hash & (entries - 1)}, so {@code entries} is a
 * power of two. A packet that is not IPv4 gets bucket 0 (no hash type applies).
 *
 * <p>An RSS node carries this as attributes ({@code rss.hash}, {@code rss.key} in hex,
 * {@code rss.entries}) next to {@code implementation "rss_toeplitz"}; every interpreter of a
 * configured graph computes the bucket from them before evaluating the node's ports.
 */
public final class RssSpec {
    /** Implementation name of a node that computes {@code rss.bucket}. */
    public static final String IMPLEMENTATION = "rss_toeplitz";
    private static final long ETH_IPV4 = 0x0800;

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
        if (packet[HeaderField.ETH_TYPE.ordinal()] != ETH_IPV4) {
            return 0;
        }
        int src = (int) packet[HeaderField.IP_SRC.ordinal()];
        int dst = (int) packet[HeaderField.IP_DST.ordinal()];
        int hash = type.hash(toeplitz, packet[HeaderField.IP_PROTO.ordinal()], src, dst,
                (int) packet[HeaderField.L4_SPORT.ordinal()], (int) packet[HeaderField.L4_DPORT.ordinal()]);
        return hash & (entries - 1);
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
